package io.coffer.repo.git.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/** A command that only tells the user something on stderr and exits: the shell greeting, a refused command. */
final class MessageCommand implements Command {

    private final Function<ChannelSession, String> message;
    private final int status;
    private OutputStream err;
    private ExitCallback exit;

    MessageCommand(Function<ChannelSession, String> message, int status) {
        this.message = message;
        this.status = status;
    }

    /** What {@code ssh -T} gets instead of a shell, as with CodeCommit: proof that the key works. */
    static MessageCommand greeting() {
        return new MessageCommand(channel -> {
            var principal = channel.getServerSession().getAttribute(SshKeyAuthenticator.PRINCIPAL);
            return "You have successfully authenticated over SSH as " + principal.arn() + " (key "
                    + principal.accessKeyId() + "). You can use Git to interact with Coffer; there is no shell.";
        }, 1);
    }

    /** Any command but git upload-pack and receive-pack; 128 as git exits on a bad command. */
    static MessageCommand refused() {
        return new MessageCommand(channel -> "Only git-upload-pack and git-receive-pack on /v1/repos/<repository name>"
                + " can be run here.", 128);
    }

    @Override
    public void setInputStream(InputStream in) {
        // nothing is read
    }

    @Override
    public void setOutputStream(OutputStream out) {
        // the message is not data: it goes to stderr
    }

    @Override
    public void setErrorStream(OutputStream err) {
        this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback exit) {
        this.exit = exit;
    }

    @Override
    public void start(ChannelSession channel, Environment env) throws IOException {
        err.write((message.apply(channel) + "\n").getBytes(StandardCharsets.UTF_8));
        err.flush();
        exit.onExit(status);
    }

    @Override
    public void destroy(ChannelSession channel) {
        // nothing held
    }
}
