package io.coffer.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EncryptionContextTest {

    @Test
    void givenKnownContext_whenEncoded_thenMatchesTheMessageFormatEncoding() {
        Map<String, String> context = new LinkedHashMap<>();
        context.put("b", "2");
        context.put("aws:codecommit:id", "r1");
        // u16 count, then sorted pairs, each key and value with a u16 length
        String expected = "0002" + "0011" + HexFormat.of().formatHex("aws:codecommit:id".getBytes()) + "0002" + "7231"
                + "0001" + "62" + "0001" + "32";
        assertArrayEquals(HexFormat.of().parseHex(expected), EncryptionContext.of(context).canonical());
    }

    @Test
    void givenPairsThatConcatenateAlike_whenEncoded_thenEncodingsDiffer() {
        assertFalse(Arrays.equals(EncryptionContext.of(Map.of("ab", "c")).canonical(),
                EncryptionContext.of(Map.of("a", "bc")).canonical()));
    }

    @Test
    void givenEmptyContext_whenEncoded_thenJustAZeroCount() {
        assertArrayEquals(new byte[] {0, 0}, EncryptionContext.of(Map.of()).canonical());
    }

    @Test
    void givenLoneSurrogate_whenMade_thenRefused_neverEncodedAsAnotherContext() {
        for (Map<String, String> context : java.util.List.of(Map.of("k", "\ud800"), Map.of("\udc00", "v"),
                Map.of("k", "a\u0000"))) {
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> EncryptionContext.of(context));
        }
        assertFalse(Arrays.equals(EncryptionContext.of(Map.of("k", "?")).canonical(),
                EncryptionContext.of(Map.of("k", "\ud83d\ude00")).canonical()));
    }
}
