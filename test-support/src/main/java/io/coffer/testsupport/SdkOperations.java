package io.coffer.testsupport;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What an API serves, side by side with what the official AWS SDK client offers and what the README lists: the
 * operations of a client, the answer of each to an empty request, and the README's list of them.
 */
public final class SdkOperations {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A README paragraph listing operations: its first line (with the counts) and the operations it names. */
    public record ReadmeList(String line, Set<String> operations) {
    }

    private SdkOperations() {
    }

    /** The operations of an AWS SDK v2 client: its methods that take one request of the client's own model. */
    public static Set<String> of(Class<?> client) {
        String model = client.getPackageName() + ".model";
        return Arrays.stream(client.getMethods())
                .filter(m -> m.getParameterCount() == 1 && m.getParameterTypes()[0].getSimpleName().endsWith("Request")
                        && m.getParameterTypes()[0].getPackageName().equals(model))
                .map(m -> m.getParameterTypes()[0].getSimpleName().replaceFirst("Request$", ""))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * Sends {@code {}} to each operation as {@code X-Amz-Target: <prefix>.<operation>}; returns each one's error
     * type ({@code ""} for a 200).
     *
     * @throws AssertionError if any answers with a 5xx
     */
    public static Map<String, String> probe(SignedHttp signer, URI endpoint, String targetPrefix,
            Set<String> operations) throws IOException, InterruptedException {
        Map<String, String> types = new TreeMap<>();
        for (String operation : operations) {
            HttpResponse<String> response = signer.send("POST", endpoint, Map.of("X-Amz-Target",
                    targetPrefix + "." + operation), "{}".getBytes(StandardCharsets.UTF_8));
            if (response.statusCode() >= 500) {
                throw new AssertionError(operation + ": " + response.body());
            }
            types.put(operation, response.statusCode() == 200 ? ""
                    : JSON.readTree(response.body()).get("__type").asText());
        }
        return types;
    }

    /** The paragraph of the repository's README.md that starts with {@code label}, e.g. "KMS operations served". */
    public static ReadmeList readme(String label) throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf("**" + label);
        if (start < 0) {
            throw new AssertionError("README.md has no paragraph starting " + label);
        }
        int end = readme.indexOf("\n\n", start);
        String paragraph = readme.substring(start, end < 0 ? readme.length() : end);
        Set<String> listed = Pattern.compile("`([A-Za-z]+)`").matcher(paragraph).results().map(m -> m.group(1))
                .collect(Collectors.toCollection(TreeSet::new));
        return new ReadmeList(paragraph.lines().findFirst().orElseThrow(), listed);
    }
}
