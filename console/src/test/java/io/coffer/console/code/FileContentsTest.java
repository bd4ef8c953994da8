package io.coffer.console.code;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FileContentsTest {

    private static final byte[] FILE = new byte[100_000];

    static {
        new Random(7).nextBytes(FILE);
    }

    @Test
    void givenAGetFileAnswer_whenCopied_thenTheDecodedContentAndNothingElseComesOut() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FileContents.copy(answer("{\"blobId\":\"b\",\"commitId\":\"c\",\"nested\":{\"fileContent\":\"AAAA\"},"
                + "\"fileContent\":\"" + Base64.getEncoder().encodeToString(FILE) + "\",\"fileSize\":100000}"), out);
        assertArrayEquals(FILE, out.toByteArray());
    }

    @Test
    void givenAGetBlobAnswer_whenReadWithinItsBound_thenTheContent() {
        assertArrayEquals(FILE, FileContents.read(() -> answer("{\"content\":\""
                + Base64.getEncoder().encodeToString(FILE) + "\"}"), FILE.length));
    }

    @Test
    void givenContentPastTheBound_whenRead_thenNothing() {
        assertNull(FileContents.read(() -> answer("{\"content\":\""
                + Base64.getEncoder().encodeToString(FILE) + "\"}"), FILE.length - 1));
    }

    @Test
    void givenAnAnswerWithoutContent_whenCopied_thenItIsAnError() {
        assertThrows(IOException.class, () -> FileContents.copy(answer("{\"blobId\":\"b\"}"),
                new ByteArrayOutputStream()));
        assertThrows(IOException.class, () -> FileContents.copy(answer("[1]"), new ByteArrayOutputStream()));
    }

    private static ByteArrayInputStream answer(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.US_ASCII));
    }
}
