package io.coffer.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import io.coffer.testsupport.LocalIdentity;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import software.amazon.awssdk.services.codecommit.CodeCommitClient;
import software.amazon.awssdk.services.codecommit.model.PullRequest;
import software.amazon.awssdk.services.codecommit.model.RepositoryDoesNotExistException;
import software.amazon.awssdk.services.codecommit.model.RepositoryMetadata;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyState;

/**
 * The web console in a real browser: Debian's headless Chromium driven through its chromedriver, against the whole
 * stack. A user signs in with a key pair, creates a repository, browses a file pushed with stock git, reads the
 * repository's audit events, manages a key and a pull request; a user the policies deny sees the services' error,
 * not the data; a form posted without its CSRF token changes nothing. Every page passes axe-core's WCAG 2 A and AA
 * rules.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String REGION = "us-east-2";
    private static final String REPOSITORY = "console-tour";
    private static final String SOURCE = """
            package tour;

            /** Says <hello> & goes. */
            public class Main {
                public static void main(String[] args) {
                    System.out.println("hello from the console tour");
                }
            }
            """;

    private static CofferStack stack;
    private static ServiceProcess console;
    private static WebDriver browser;
    private static CodeCommitClient codeCommit;
    private static KmsClient kms;
    private static StockGit git;
    private static Path source;
    /** A file larger than a page shows: offered raw, streamed through the console. */
    private static final byte[] LARGE = new byte[5 * 1024 * 1024 + 17];

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "needs Debian's chromium and chromium-driver (.ci/run installs them)");
        stack = new CofferStack();
        console = stack.console();
        codeCommit = stack.codeCommit(REGION, LocalIdentity.credentials());
        kms = stack.kms(REGION);
        new Random(33).nextBytes(LARGE);
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless=new",
                "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1024",
                // trusts exactly the e2e server certificate's key, as a user who installed the local CA would
                "--ignore-certificate-errors-spki-list=" + spkiHash(LocalTls.ISSUED.certificate()));
        Path log = Files.createDirectories(Path.of("target", "e2e-logs")).resolve("chromedriver.log");
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .withLogOutput(Files.newOutputStream(log)).build(), options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (codeCommit != null) {
            codeCommit.close();
            kms.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void givenTheAdminKeyPair_whenSigningIn_thenTheConsoleKeepsTheSecretOutOfThePageAndCookies() {
        browser.get(url("/repositories"));
        assertTrue(browser.getCurrentUrl().endsWith("/sign-in"), "not signed in: sent to sign in");
        assertAccessible();

        signIn(LocalIdentity.ACCESS_KEY_ID, LocalIdentity.SECRET_ACCESS_KEY);

        assertTrue(browser.getCurrentUrl().endsWith("/repositories"), browser.getCurrentUrl());
        assertEquals(LocalIdentity.ACCESS_KEY_ID, browser.findElement(By.id("signed-in-as")).getText());
        Cookie session = browser.manage().getCookieNamed("coffer-console-session");
        assertTrue(session.isSecure() && session.isHttpOnly(), session.toString());
        assertEquals("Strict", session.getSameSite());
        for (Cookie cookie : browser.manage().getCookies()) {
            assertFalse(cookie.getValue().contains(LocalIdentity.SECRET_ACCESS_KEY), cookie.getName());
        }
        assertFalse(browser.getPageSource().contains(LocalIdentity.SECRET_ACCESS_KEY));
        assertAccessible();
    }

    @Test
    @Order(2)
    void whenCreatingARepositoryInTheForm_thenItExistsWithItsCloneUrlsShown() {
        browser.findElement(By.linkText("Create repository")).click();
        browser.findElement(By.id("repositoryName")).sendKeys(REPOSITORY);
        browser.findElement(By.id("description")).sendKeys("made in the console");
        browser.findElement(By.cssSelector("form.stacked button[type=submit]")).click();
        waitFor(() -> browser.getCurrentUrl().endsWith("/code/" + REPOSITORY), "the new repository's page");

        RepositoryMetadata created = codeCommit.getRepository(r -> r.repositoryName(REPOSITORY)).repositoryMetadata();
        assertEquals("made in the console", created.repositoryDescription());
        assertTrue(created.kmsKeyId().startsWith("arn:aws:kms:" + REGION + ":"), created.kmsKeyId());
        assertTrue(browser.getCurrentUrl().endsWith("/code/" + REPOSITORY), browser.getCurrentUrl());
        assertTrue(browser.findElement(By.id("empty")).isDisplayed());
        assertEquals(created.cloneUrlHttp(), browser.findElement(By.id("clone-https")).getAttribute("value"));
        assertEquals(created.cloneUrlSsh(), browser.findElement(By.id("clone-ssh")).getAttribute("value"));
        // the copy buttons are the script's: shown once it ran under the page's Content-Security-Policy
        assertTrue(browser.findElement(By.cssSelector("button[data-copy=clone-https]")).isDisplayed());
        assertAccessible();
    }

    @Test
    @Order(3)
    void givenAFilePushedWithStockGit_whenBrowsingToIt_thenItsTextIsShownHighlightedAndTheImageLoads()
            throws Exception {
        Path work = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "console-push");
        git = new StockGit(work.resolve("home"), REGION);
        source = Files.createDirectories(work.resolve("src"));
        Files.createDirectories(source.resolve("src/tour"));
        Files.writeString(source.resolve("src/tour/Main.java"), SOURCE);
        try (InputStream png = ConsoleIT.class.getResourceAsStream("/console/pixel.png")) {
            Files.write(source.resolve("pixel.png"), png.readAllBytes());
        }
        Files.write(source.resolve("large.bin"), LARGE);
        git.ok(source, "init", "-q");
        git.ok(source, "add", "-A");
        git.ok(source, "commit", "-q", "-m", "Add the tour's Main");
        git.ok(source, "push", "-q", stack.repo.uri("/v1/repos/" + REPOSITORY).toString(), "main");

        browser.get(url("/code/" + REPOSITORY));
        browser.findElement(By.linkText("src/")).click();
        browser.findElement(By.linkText("tour/")).click();
        browser.findElement(By.linkText("Main.java")).click();

        WebElement code = browser.findElement(By.id("file-content"));
        assertEquals(SOURCE, code.getAttribute("textContent"));
        waitFor(() -> code.getAttribute("class").contains("hljs"), "highlight.js marked the code up");
        assertFalse(browser.findElements(By.cssSelector("#file-content .hljs-keyword")).isEmpty());
        assertAccessible();

        // a large file is offered raw, and its bytes come through the console whole
        browser.get(url("/code/" + REPOSITORY + "/blob?path=large.bin"));
        assertTrue(browser.findElement(By.id("file-note")).getText().contains("larger than a page shows"));
        String raw = browser.findElement(By.linkText("Download")).getAttribute("href");
        HttpResponse<byte[]> download = LocalTls.HTTP.send(HttpRequest.newBuilder(URI.create(raw))
                .header("Cookie", sessionCookie()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, download.statusCode());
        assertTrue(Arrays.equals(LARGE, download.body()), "the downloaded bytes are the pushed ones");
        assertEquals("attachment; filename=\"large.bin\"",
                download.headers().firstValue("Content-Disposition").orElse(""));

        browser.get(url("/code/" + REPOSITORY));
        browser.findElement(By.linkText("pixel.png")).click();
        WebElement image = browser.findElement(By.cssSelector("figure.image img"));
        waitFor(() -> Long.valueOf(1).equals(((JavascriptExecutor) browser)
                .executeScript("return arguments[0].naturalWidth", image)), "the image decoded");

        browser.findElement(By.linkText("Commits")).click();
        browser.findElement(By.linkText("Add the tour's Main")).click();
        String diff = browser.findElement(By.cssSelector("section.diff[aria-label='src/tour/Main.java']")).getText();
        assertTrue(diff.contains("System.out.println(\"hello from the console tour\");"), diff);
        assertAccessible();
    }

    @Test
    @Order(4)
    void whenOpeningTheRepositorysAuditEvents_thenTheConsolesCallsAreThereAsTheUsers() {
        String repositoryId = codeCommit.getRepository(r -> r.repositoryName(REPOSITORY)).repositoryMetadata()
                .repositoryId();
        browser.get(url("/code/" + REPOSITORY));
        browser.findElement(By.linkText("Audit events")).click();
        assertTrue(browser.getCurrentUrl().endsWith("/audit/repositories/" + repositoryId));
        // records reach audit-service through Kafka: the page is reloaded until they are in
        waitFor(() -> {
            browser.navigate().refresh();
            String events = browser.getPageSource();
            return events.contains(">CreateRepository<") && events.contains(">GetFile<");
        }, "CreateRepository and the console's GetFile in the repository's events");
        List<String> calls = browser.findElements(By.cssSelector("#events tbody tr")).stream()
                .map(WebElement::getText).filter(row -> row.contains("codecommit.amazonaws.com")).toList();
        assertTrue(calls.stream().allMatch(row -> row.contains("admin")), "every CodeCommit call is admin's: " + calls);

        browser.findElement(By.linkText("CreateRepository")).click();
        String record = browser.findElement(By.id("event-json")).getAttribute("textContent");
        assertTrue(record.contains("\"repositoryName\" : \"" + REPOSITORY + "\""), record);
        assertTrue(record.contains("\"userName\" : \"admin\""), record);
        assertAccessible();

        // the event history: LookupEvents filtered by one attribute, and by a time range
        browser.get(url("/audit"));
        new Select(browser.findElement(By.id("attribute"))).selectByVisibleText("EventName");
        browser.findElement(By.id("value")).sendKeys("CreateRepository");
        browser.findElement(By.xpath("//button[text()='Look up']")).click();
        waitFor(() -> browser.getCurrentUrl().contains("value=CreateRepository"), "the filtered history");
        List<String> names = browser.findElements(By.cssSelector("#events tbody tr td:nth-child(2)")).stream()
                .map(WebElement::getText).toList();
        assertFalse(names.isEmpty());
        assertTrue(names.stream().allMatch("CreateRepository"::equals), names.toString());
        browser.get(url("/audit?attribute=EventName&value=CreateRepository&start=2099-01-01T00:00"));
        assertTrue(browser.findElement(By.id("no-events")).isDisplayed());
        // a repository's events by its ID, from the history page's form
        browser.findElement(By.id("repositoryId")).sendKeys(repositoryId);
        browser.findElement(By.xpath("//button[text()='Show its events (all regions)']")).click();
        waitFor(() -> browser.getCurrentUrl().endsWith("/audit/repositories/" + repositoryId),
                "the repository's events");

        browser.get(url("/audit/integrity"));
        assertTrue(browser.findElement(By.id("chain-state")).getText().startsWith("Verified"),
                browser.findElement(By.id("chain-state")).getText());
        browser.get(url("/audit/chart?hours=1"));
        // the repository's key was made and used for the push: KMS calls by operation, in the legend and the table
        String legend = browser.findElement(By.id("chart-legend")).getText();
        assertTrue(legend.contains("CreateKey (1)") && legend.contains("GenerateDataKey"), legend);
        assertFalse(browser.findElements(By.cssSelector("svg.chart rect")).isEmpty());
        assertAccessible();
    }

    @Test
    @Order(5)
    void givenACustomerKey_whenDisabledAndScheduledForDeletionInTheConsole_thenKmsSaysSo() {
        String keyId = kms.createKey(r -> r.description("console key")).keyMetadata().keyId();
        kms.createAlias(r -> r.aliasName("alias/console-it").targetKeyId(keyId));
        String policy = kms.getKeyPolicy(r -> r.keyId(keyId).policyName("default")).policy();

        browser.findElement(By.linkText("Keys")).click();
        browser.findElement(By.linkText(keyId)).click();
        assertEquals("alias/console-it", browser.findElement(By.tagName("h1")).getText());
        assertAccessible();
        browser.findElement(By.xpath("//button[text()='Disable key']")).click();
        waitFor(() -> browser.findElement(By.id("key-state")).getText().equals("Disabled"), "the disabled key");
        assertEquals(KeyState.DISABLED, kms.describeKey(r -> r.keyId(keyId)).keyMetadata().keyState());

        WebElement document = browser.findElement(By.id("policy"));
        document.clear();
        document.sendKeys("{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\"}]}");
        browser.findElement(By.xpath("//button[text()='Save policy']")).click();
        waitFor(() -> !browser.findElements(By.className("error-message")).isEmpty(), "the policy's refusal");
        assertEquals("Statement 1: an Action (or NotAction) is required.",
                browser.findElement(By.className("error-message")).getText());
        assertEquals(policy, kms.getKeyPolicy(r -> r.keyId(keyId).policyName("default")).policy());

        browser.findElement(By.id("pendingWindowInDays")).clear();
        browser.findElement(By.id("pendingWindowInDays")).sendKeys("7");
        browser.findElement(By.xpath("//button[text()='Schedule deletion']")).click();
        browser.switchTo().alert().accept();
        waitFor(() -> browser.findElement(By.id("key-state")).getText().startsWith("PendingDeletion — deletion on"),
                "the key page after the confirmed deletion");
        assertEquals(KeyState.PENDING_DELETION, kms.describeKey(r -> r.keyId(keyId)).keyMetadata().keyState());
        browser.findElement(By.xpath("//button[text()='Cancel deletion']")).click();
        waitFor(() -> browser.findElement(By.id("key-state")).getText().equals("Disabled"), "the cancelled deletion");
        assertEquals(KeyState.DISABLED, kms.describeKey(r -> r.keyId(keyId)).keyMetadata().keyState());

        // the AWS-managed key refuses what a customer key allows; the console offers none of it
        browser.get(url("/keys"));
        browser.findElement(By.xpath("//tr[td[contains(., 'alias/aws/codecommit')]]//a")).click();
        assertTrue(browser.findElements(By.xpath("//button[text()='Disable key']")).isEmpty());
    }

    @Test
    @Order(6)
    void givenAPushedBranch_whenAPullRequestIsOpenedAndCommentedInTheConsole_thenCodeCommitHasIt() throws Exception {
        git.ok(source, "checkout", "-q", "-b", "feature");
        Files.writeString(source.resolve("src/tour/Main.java"), SOURCE.replace("hello from", "greetings from"));
        git.ok(source, "commit", "-q", "-am", "Greet instead");
        git.ok(source, "push", "-q", stack.repo.uri("/v1/repos/" + REPOSITORY).toString(), "feature");

        browser.get(url("/code/" + REPOSITORY));
        browser.findElement(By.linkText("Pull requests")).click();
        browser.findElement(By.linkText("Create pull request")).click();
        new Select(browser.findElement(By.id("source"))).selectByVisibleText("feature");
        new Select(browser.findElement(By.id("destination")))
                .selectByVisibleText("main");
        browser.findElement(By.id("title")).sendKeys("Greet instead");
        browser.findElement(By.xpath("//button[text()='Create pull request']")).click();

        waitFor(() -> browser.getCurrentUrl().matches(".*/pull-requests/\\d+"), "the new pull request's page");
        String id = browser.getCurrentUrl().substring(browser.getCurrentUrl().lastIndexOf('/') + 1);
        assertTrue(browser.findElement(By.id("pr-title")).getText().startsWith("Greet instead"));
        String diff = browser.findElement(By.cssSelector("section.diff")).getText();
        assertTrue(diff.contains("greetings from the console tour"), diff);
        browser.findElement(By.id("content")).sendKeys("Reads better.");
        browser.findElement(By.xpath("//button[text()='Comment']")).click();
        waitFor(() -> browser.findElements(By.className("comment")).stream()
                .anyMatch(c -> c.getText().contains("Reads better.")), "the comment on the page");
        assertAccessible();
        assertEquals("Reads better.", codeCommit.getCommentsForPullRequest(r -> r.pullRequestId(id))
                .commentsForPullRequestData().get(0).comments().get(0).content());
    }

    @Test
    @Order(7)
    void givenADeveloperDeniedByPolicy_whenOpeningTheAuditAndDeleting_thenTheAwsErrorIsShownNotTheData()
            throws Exception {
        String adminSession = sessionCookie();
        browser.findElement(By.cssSelector("form.who button")).click();
        waitFor(() -> browser.getCurrentUrl().endsWith("/sign-in"), "the sign-in page after signing out");
        HttpResponse<String> signedOut = LocalTls.HTTP.send(HttpRequest.newBuilder(URI.create(url("/keys")))
                .header("Cookie", adminSession).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(303, signedOut.statusCode(), "the signed-out session is gone");
        signIn(LocalIdentity.DEVELOPER_ACCESS_KEY_ID, LocalIdentity.DEVELOPER_SECRET);

        // the refusal named the user: the landing page is the error, not the list
        assertEquals("arn:aws:iam::111122223333:user/developer",
                browser.findElement(By.id("signed-in-as")).getText());
        assertRefused("codecommit:ListRepositories");
        assertFalse(browser.getPageSource().contains(REPOSITORY));

        String repositoryId = codeCommit.getRepository(r -> r.repositoryName(REPOSITORY)).repositoryMetadata()
                .repositoryId();
        browser.get(url("/audit/repositories/" + repositoryId));
        assertRefused("cloudtrail:LookupEvents");
        assertTrue(browser.findElements(By.id("events")).isEmpty());
        assertFalse(browser.getPageSource().contains("CreateRepository"));

        browser.get(url("/repositories/" + REPOSITORY + "/delete"));
        browser.findElement(By.id("confirmName")).sendKeys(REPOSITORY);
        browser.findElement(By.cssSelector("form.stacked button[type=submit]")).click();
        waitFor(() -> !browser.findElements(By.className("error-type")).isEmpty(), "the refusal");
        assertRefused("codecommit:DeleteRepository");
        assertTrue(browser.findElement(By.className("error-message")).getText().contains("explicit deny"));
        assertEquals(REPOSITORY, codeCommit.getRepository(r -> r.repositoryName(REPOSITORY)).repositoryMetadata()
                .repositoryName());
        assertAccessible();

        // what the policies allow the developer works: approving the admin's pull request, and merging it
        String id = codeCommit.listPullRequests(r -> r.repositoryName(REPOSITORY)).pullRequestIds().get(0);
        browser.get(url("/pull-requests/" + id));
        browser.findElement(By.xpath("//button[text()='Approve']")).click();
        waitFor(() -> browser.findElement(By.id("pr-approvals")).getText().contains("user/developer"),
                "the developer's approval");
        new Select(browser.findElement(By.id("strategy")))
                .selectByVisibleText("fast-forward");
        browser.findElement(By.xpath("//button[text()='Merge']")).click();
        waitFor(() -> browser.findElement(By.id("pr-status")).getText().startsWith("CLOSED — merged"), "the merge");
        PullRequest merged = codeCommit.getPullRequest(r -> r.pullRequestId(id)).pullRequest();
        assertTrue(merged.pullRequestTargets().get(0).mergeMetadata().isMerged());
        assertTrue(browser.findElement(By.id("pr-status")).getText().startsWith("CLOSED — merged"));
    }

    @Test
    @Order(8)
    void givenASignedInSession_whenAFormIsPostedWithoutItsCsrfToken_thenNothingIsCreated() throws Exception {
        HttpResponse<String> forged = LocalTls.HTTP.send(HttpRequest.newBuilder(URI.create(url("/repositories")))
                .header("Cookie", sessionCookie())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("repositoryName=forged")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(400, forged.statusCode(), forged.body());
        assertThrows(RepositoryDoesNotExistException.class,
                () -> codeCommit.getRepository(r -> r.repositoryName("forged")));
        HttpResponse<String> page = LocalTls.HTTP.send(HttpRequest.newBuilder(URI.create(url("/sign-in"))).build(),
                HttpResponse.BodyHandlers.ofString());
        String policy = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(policy.contains("default-src 'none'") && policy.contains("script-src 'self'")
                && policy.contains("frame-ancestors 'none'"), policy);
    }

    private void signIn(String accessKeyId, String secret) {
        browser.findElement(By.id("accessKeyId")).sendKeys(accessKeyId);
        browser.findElement(By.id("secretAccessKey")).sendKeys(secret);
        WebElement region = browser.findElement(By.id("region"));
        region.clear();
        region.sendKeys(REGION);
        browser.findElement(By.cssSelector("form.stacked button[type=submit]")).click();
        waitFor(() -> !browser.getCurrentUrl().endsWith("/sign-in"), "the page after signing in");
    }

    /** The session cookie the browser holds, as a Cookie header. */
    private static String sessionCookie() {
        return "coffer-console-session=" + browser.manage().getCookieNamed("coffer-console-session").getValue();
    }

    /** No violation of axe-core's WCAG 2 level A and AA rules on the page in view. */
    private static void assertAccessible() {
        List<Rule> violations = new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa")).analyze(browser)
                .getViolations();
        assertEquals(List.of(), violations.stream().map(v -> v.getId() + " (" + v.getHelp() + "): "
                + v.getNodes().stream().map(n -> String.valueOf(n.getTarget())).toList()).toList(),
                browser.getCurrentUrl());
    }

    private void assertRefused(String action) {
        assertEquals("AccessDeniedException", browser.findElement(By.className("error-type")).getText());
        String message = browser.findElement(By.className("error-message")).getText();
        assertTrue(message.contains("user/developer is not authorized to perform: " + action), message);
    }

    private static void waitFor(Supplier<Boolean> condition, String what) {
        // a condition read while the next page replaces the last may find an element of the old one gone
        new WebDriverWait(browser, Duration.ofSeconds(60), Duration.ofMillis(250)).withMessage(what)
                .ignoring(StaleElementReferenceException.class).until(driver -> condition.get());
    }

    private static String url(String path) {
        return console.uri(path).toString();
    }

    /** What Chromium's --ignore-certificate-errors-spki-list takes: base64 of the SHA-256 of the key's SPKI. */
    private static String spkiHash(Path certificate) throws Exception {
        try (InputStream in = Files.newInputStream(certificate)) {
            X509Certificate x509 = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(x509.getPublicKey().getEncoded()));
        }
    }
}
