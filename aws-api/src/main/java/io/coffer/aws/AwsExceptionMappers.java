package io.coffer.aws;

import io.coffer.kernel.AwsException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every failure leaves as an AWS-shaped error; no stack trace or framework page ever reaches a caller.
 */
public class AwsExceptionMappers {

    private static final Logger LOG = Logger.getLogger(AwsExceptionMappers.class);

    @ServerExceptionMapper
    public Response aws(AwsException e) {
        return AwsErrorResponses.of(e);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        return switch (status) {
            case 404, 405 -> AwsErrorResponses.of("UnknownOperationException", status, "Unknown operation or path");
            case 406, 415 -> AwsErrorResponses.of("SerializationException", status, "Unsupported media type");
            case 413 -> AwsErrorResponses.of("RequestEntityTooLargeException", status, "Request entity too large");
            default -> status < 500
                    ? AwsErrorResponses.of("ValidationException", status, "The request could not be processed")
                    : internal(e);
        };
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        return internal(e);
    }

    private static Response internal(Throwable e) {
        return AwsErrorResponses.of(internalFailure("InternalFailure", e));
    }

    /**
     * A failure that is the service's fault, as the caller sees it: {@code errorType}, 500, and an incident ID that
     * is logged with the stack trace, which the caller never sees.
     */
    static AwsException internalFailure(String errorType, Throwable e) {
        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "Internal failure %s", incident);
        return new AwsException(errorType, 500,
                "The request processing has failed because of an unknown error (incident " + incident + ")");
    }
}
