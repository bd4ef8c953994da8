package io.coffer.console.aws;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * A service's refusal is the user's answer: the page shows its error type and message (e.g. AccessDeniedException,
 * and which action the policy denied) with its status, never the data the call would have returned.
 */
public class ErrorPages {

    private static final Logger LOG = Logger.getLogger(ErrorPages.class);

    private final Template error;

    public ErrorPages(@Location("error.html") Template error) {
        this.error = error;
    }

    @ServerExceptionMapper
    public Response refused(AwsServiceException e) {
        String type = e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null ? "ServiceError"
                : e.awsErrorDetails().errorCode();
        String message = e.awsErrorDetails() == null || e.awsErrorDetails().errorMessage() == null ? ""
                : e.awsErrorDetails().errorMessage();
        int status = e.statusCode() >= 400 && e.statusCode() < 600 ? e.statusCode() : 502;
        return page(status, type, message);
    }

    @ServerExceptionMapper
    public Response unreachable(SdkClientException e) {
        LOG.warnf("a service could not be reached: %s", e.getMessage());
        return page(502, "ServiceUnavailable", "A Coffer service did not answer; try again shortly.");
    }

    @ServerExceptionMapper
    public Response badInput(InvalidInputException e) {
        return page(400, "ValidationException", e.getMessage());
    }

    private Response page(int status, String type, String message) {
        return Response.status(status).type(MediaType.TEXT_HTML)
                .entity(error.data("status", status).data("type", type).data("message", message).render()).build();
    }
}
