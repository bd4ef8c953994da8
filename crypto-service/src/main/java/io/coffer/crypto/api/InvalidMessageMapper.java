package io.coffer.crypto.api;

import io.coffer.aws.AwsErrorResponses;
import io.coffer.crypto.format.InvalidMessageException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A message refused before its answer started: 400 {@code BadCiphertextException} (the AWS Encryption SDK's name).
 * Once plaintext is streaming, a failing frame aborts the connection instead, so a client never mistakes a cut
 * answer for a whole one.
 */
public class InvalidMessageMapper {

    @ServerExceptionMapper
    public Response invalid(InvalidMessageException e) {
        return AwsErrorResponses.of("BadCiphertextException", 400, e.getMessage());
    }
}
