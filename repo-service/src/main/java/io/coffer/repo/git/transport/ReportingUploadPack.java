package io.coffer.repo.git.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.ServiceMayNotContinueException;
import org.eclipse.jgit.transport.UploadPack;

/**
 * An upload-pack that tells git why it stopped, as a refusal rather than an internal error, when the stored data
 * fails its integrity check or its key cannot be used (disabled, pending deletion, not accessible), and when the
 * request is not one git would send ({@link GitFailures#malformedRequest}). JGit's HTTP servlet runs upload-pack
 * without writing errors to the client, and a failure found while the pack streams would reach git as a bare
 * disconnect. Run through {@link UploadPack#upload}, the failure goes out on the error side band (or as an
 * {@code ERR} line), so git prints {@code fatal: remote error: Stored data of repository … failed its integrity
 * check}.
 */
final class ReportingUploadPack extends UploadPack {

    private boolean reporting;

    ReportingUploadPack(Repository repository) {
        super(repository);
    }

    @Override
    public void uploadWithExceptionPropagation(InputStream input, OutputStream output, OutputStream messages)
            throws ServiceMayNotContinueException, IOException {
        if (reporting) {
            GitFailures.RequestInput request = new GitFailures.RequestInput(input);
            try {
                super.uploadWithExceptionPropagation(request, output, messages);
            } catch (ServiceMayNotContinueException e) {
                throw e;
            } catch (IOException e) {
                IOException storage = GitFailures.storage(e);
                String message = storage != null ? storage.getMessage() : GitFailures.malformedRequest(e, request);
                if (message == null) {
                    throw e;
                }
                // upload() sends the message of this exception type to the client as it is
                throw new ServiceMayNotContinueException(message, e);
            }
            return;
        }
        reporting = true;
        try {
            upload(input, output, messages);
        } finally {
            reporting = false;
        }
    }
}
