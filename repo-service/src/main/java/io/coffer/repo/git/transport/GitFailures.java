package io.coffer.repo.git.transport;

import io.coffer.repo.git.storage.StoredDataCorruptException;
import io.coffer.repo.git.storage.StoredDataUnavailableException;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.jgit.errors.PackProtocolException;
import org.eclipse.jgit.transport.PacketLineIn;

/** Finding why a Git request failed, when it is something the user should be told. */
public final class GitFailures {

    private GitFailures() {
    }

    /**
     * The stored-data failure behind {@code e} — an integrity failure, or a key that cannot be used — if that is what
     * it is; its message is meant for the user.
     */
    public static IOException storage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StoredDataCorruptException || t instanceof StoredDataUnavailableException) {
                return (IOException) t;
            }
        }
        return null;
    }

    /**
     * What is wrong with a request git would not send — cut short, a line that is not a pkt-line, a line out of
     * protocol — if that is why {@code e} was thrown reading {@code request}; null if the request is not to blame.
     */
    public static String malformedRequest(IOException e, RequestInput request) {
        if (e instanceof PackProtocolException) {
            return e.getMessage();
        }
        if (e instanceof EOFException && request.ended) {
            return "The request ended before its last line: send every pkt-line whole, up to and including the "
                    + "flush or done line";
        }
        // JGit reads the request's pkt-lines with PacketLineIn and nothing else with it
        StackTraceElement[] stack = e.getStackTrace();
        return stack.length > 0 && stack[0].getClassName().equals(PacketLineIn.class.getName()) ? e.getMessage()
                : null;
    }

    /** A request body that remembers whether it was read to its end (so a short read was the client's doing). */
    public static final class RequestInput extends FilterInputStream {

        private boolean ended;

        public RequestInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            ended |= b < 0;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            ended |= n < 0;
            return n;
        }
    }
}
