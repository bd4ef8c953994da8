package io.coffer.console.session;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The console's own guards, with no service behind it (its service URLs lead nowhere in tests): deny by default,
 * CSRF on every form, the security headers, and sign-in's answers before and after a service is asked.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SignInTest {

    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    @Test
    void givenNoSession_whenAnyPageIsOpened_thenTheBrowserIsSentToSignIn() {
        for (String path : new String[] {"/repositories", "/code/x", "/keys", "/audit", "/pull-requests/1"}) {
            given().redirects().follow(false).when().get(path)
                    .then().statusCode(303).header("Location", endsWith("/sign-in"));
        }
        given().redirects().follow(false).cookie(Sessions.COOKIE, "made-up").when().get("/keys")
                .then().statusCode(303).header("Location", endsWith("/sign-in"));
    }

    @Test
    void whenTheSignInPageIsServed_thenItForbidsFramingInlineScriptAndCachingAndHandsOutACsrfToken() {
        given().when().get("/sign-in").then().statusCode(200)
                .header("Content-Security-Policy", containsString("default-src 'none'"))
                .header("Content-Security-Policy", containsString("script-src 'self';"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("X-Frame-Options", "DENY").header("X-Content-Type-Options", "nosniff")
                .header("Cache-Control", "no-store").header("Referrer-Policy", "no-referrer")
                .header("Set-Cookie", containsString("Secure")).header("Set-Cookie", containsString("HTTPOnly"))
                .body(containsString("name=\"csrf-token\""));
    }

    @Test
    void givenNoCsrfToken_whenSigningIn_thenTheFormIsRefused() {
        given().redirects().follow(false).formParam("accessKeyId", "AKIAIOSFODNN7EXAMPLE")
                .formParam("secretAccessKey", SECRET).formParam("region", "us-east-2")
                .when().post("/sign-in").then().statusCode(400)
                .header("Set-Cookie", not(containsString(Sessions.COOKIE)));
    }

    @Test
    void givenAMalformedAccessKeyId_whenSigningIn_thenAValidationErrorAndNoServiceIsAsked() {
        signIn("not a key id", SECRET, "us-east-2").then().statusCode(400)
                .body(containsString("ValidationException"), containsString("value=\"not a key id\""),
                        not(containsString(SECRET)));
        signIn("AKIAIOSFODNN7EXAMPLE", SECRET, "mars-north-1").then().statusCode(400)
                .body(containsString("Unknown region: mars-north-1"));
    }

    @Test
    void givenTheServicesDoNotAnswer_whenSigningIn_thenAServiceErrorPageAndNoSession() {
        signIn("AKIAIOSFODNN7EXAMPLE", SECRET, "us-east-2").then().statusCode(502)
                .body(containsString("ServiceUnavailable"), not(containsString(SECRET)))
                .header("Set-Cookie", not(containsString(Sessions.COOKIE)));
    }

    /** Last: it leaves this test's address throttled. */
    @Test
    @Order(Integer.MAX_VALUE)
    void givenRefusedSignInsFromOneAddress_whenTheyPassTheLimit_thenFurtherAttemptsAreThrottledUnasked() {
        int attempts = 0;
        Response answer;
        do {
            answer = signIn("not a key id", SECRET, "us-east-2");
            attempts++;
        } while (answer.statusCode() == 400 && attempts <= SignInThrottle.FAILURES);
        answer.then().statusCode(429).body(containsString("ThrottlingException"), containsString("try again in"));
        // throttled before anything is checked or asked: a good key pair is refused the same way
        signIn("AKIAIOSFODNN7EXAMPLE", SECRET, "us-east-2").then().statusCode(429);
    }

    private static Response signIn(String accessKeyId, String secret, String region) {
        Response page = given().when().get("/sign-in");
        String token = page.htmlPath().getString("**.find { it.@name == 'csrf-token' }.@value");
        return given().redirects().follow(false).cookies(page.getCookies()).formParam("csrf-token", token)
                .formParam("accessKeyId", accessKeyId).formParam("secretAccessKey", secret)
                .formParam("region", region).when().post("/sign-in");
    }
}
