package io.coffer.audit.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Known answers for the form every stored record is hashed in: changing it would break every existing chain. */
class CanonicalJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void givenMembersInAnyOrder_whenWritten_thenSortedByNameAtEveryLevelWithoutWhitespace() throws Exception {
        String record = """
                { "z": 1, "a": { "y": [ {"b": 2, "a": 1}, "x" ], "B": true, "b": null },
                  "m": "text", "\u00e9": "accent", "A": false, "emoji": "\ud83d\ude00" }
                """;

        assertEquals("{\"A\":false,\"a\":{\"B\":true,\"b\":null,\"y\":[{\"a\":1,\"b\":2},\"x\"]},"
                + "\"emoji\":\"\ud83d\ude00\",\"m\":\"text\",\"z\":1,\"\u00e9\":\"accent\"}",
                CanonicalJson.write(JSON.readTree(record)));
    }

    @Test
    void givenEveryScalarKind_whenWritten_thenEachHasOneSpelling() throws Exception {
        String record = """
                {"int": -7, "long": 9007199254740993, "big": 123456789012345678901234567890,
                 "double": 1.50, "exponent": 1e3, "escaped": "tab\\there \\"quoted\\" \\\\ \\u0001 \\u00e9 \\/",
                 "empty": "", "array": []}
                """;

        assertEquals("{\"array\":[],\"big\":123456789012345678901234567890,\"double\":1.5,\"empty\":\"\","
                + "\"escaped\":\"tab\\there \\\"quoted\\\" \\\\ \\u0001 \u00e9 /\",\"exponent\":1000.0,"
                + "\"int\":-7,\"long\":9007199254740993}", CanonicalJson.write(JSON.readTree(record)));
    }
}
