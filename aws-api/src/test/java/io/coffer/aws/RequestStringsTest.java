package io.coffer.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.coffer.kernel.AwsException;
import org.junit.jupiter.api.Test;

class RequestStringsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static AwsException refused(String json) {
        return assertThrows(AwsException.class, () -> RequestStrings.check(JSON.readTree(json)));
    }

    @Test
    void givenLoneSurrogates_whenChecked_thenSerializationException_withoutEchoingThem() {
        for (String json : new String[] {"{\"k\":\"\\ud800\"}", "{\"k\":\"a\\udc00\"}", "{\"\\ud800\":\"v\"}",
                "{\"k\":[\"ok\",{\"x\":\"\\udbff\"}]}", "{\"k\":\"\\udc00\\ud800\"}"}) {
            AwsException e = refused(json);
            assertEquals("SerializationException", e.errorType(), json);
            assertEquals(400, e.status());
            assertTrue(e.getMessage().chars().noneMatch(c -> Character.isSurrogate((char) c)), e.getMessage());
        }
    }

    @Test
    void givenNul_whenChecked_thenValidationException_namingTheMember() {
        AwsException e = refused("{\"Tags\":[{\"TagKey\":\"k\",\"TagValue\":\"a\\u0000\"}]}");
        assertEquals("ValidationException", e.errorType());
        assertTrue(e.getMessage().contains("'Tags[0].TagValue'"), e.getMessage());
        assertEquals("ValidationException", refused("{\"a\\u0000\":1}").errorType());
    }

    @Test
    void givenWellFormedText_whenChecked_thenAccepted() throws Exception {
        RequestStrings.check(JSON.readTree("{\"k\":\"\\ud83d\\ude00 caf\\u00e9 \\u4e2d\",\"n\":[1,true,null]}"));
        assertEquals(-1, RequestStrings.firstInvalidUtf16("\ud83d\ude00"));
        assertEquals(0, RequestStrings.firstInvalidUtf16("\ude00\ud83d"));
    }
}
