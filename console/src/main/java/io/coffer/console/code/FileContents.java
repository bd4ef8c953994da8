package io.coffer.console.code;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coffer.console.aws.ServiceClients.UserClients;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Files' and blobs' content from CodeCommit's GetFile and GetBlob, decoded as it is read: the answer's JSON is parsed
 * as a stream and the base64 of its content written out as it arrives, so no file is held whole unless asked for,
 * and then only up to a bound.
 */
final class FileContents {

    private static final JsonFactory JSON_FACTORY = new JsonFactory();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** GetFile's and GetBlob's content fields. */
    private static final Set<String> CONTENT = Set.of("fileContent", "content");

    private FileContents() {
    }

    /** GetFile, signed as the user, its answer unread; a refusal is thrown before anything is read. */
    static InputStream getFile(UserClients clients, String repository, String specifier, String path) {
        ObjectNode request = JSON.createObjectNode().put("repositoryName", repository).put("filePath", path);
        if (specifier != null) {
            request.put("commitSpecifier", specifier);
        }
        return call(clients, "GetFile", request);
    }

    /** GetBlob, signed as the user, its answer unread. */
    static InputStream getBlob(UserClients clients, String repository, String blobId) {
        return call(clients, "GetBlob", JSON.createObjectNode().put("repositoryName", repository)
                .put("blobId", blobId));
    }

    /**
     * The content of a GetFile or GetBlob answer, or null if it is more than {@code limit} bytes (the rest is not
     * read) or more than the CodeCommit API returns at all.
     */
    static byte[] read(Supplier<InputStream> call, int limit) {
        InputStream answer;
        try {
            answer = call.get();
        } catch (AwsServiceException e) {
            if (e.awsErrorDetails() != null && "FileTooLargeException".equals(e.awsErrorDetails().errorCode())) {
                return null;
            }
            throw e;
        }
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        try (answer) {
            copy(answer, new BoundedOutputStream(content, limit));
            return content.toByteArray();
        } catch (BoundedOutputStream.LimitExceededException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies the content's bytes from {@code answer} to {@code out}; the answer's other fields are skipped. */
    static void copy(InputStream answer, OutputStream out) throws IOException {
        try (JsonParser parser = JSON_FACTORY.createParser(answer)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("CodeCommit answered with something other than a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                if (CONTENT.contains(field)) {
                    parser.readBinaryValue(out);
                    return;
                }
                parser.skipChildren();
            }
            throw new IOException("CodeCommit answered without the content");
        }
    }

    private static InputStream call(UserClients clients, String operation, ObjectNode request) {
        try {
            return clients.signed().postJson(clients.repoService(), "codecommit",
                    "CodeCommit_20150413." + operation, JSON.writeValueAsBytes(request));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
