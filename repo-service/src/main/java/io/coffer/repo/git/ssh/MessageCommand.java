package io.coffer.repo.git.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.channel.ChannelSession;

/** A command that only tells the user something on stderr and exits: the shell greeting, a refused command. */
final class MessageCommand extends StreamCommand {

    private final Function<ChannelSession, String> message;
    private final int status;

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
    public void start(ChannelSession channel, Environment env) throws IOException {
        err.write((message.apply(channel) + "\n").getBytes(StandardCharsets.UTF_8));
        err.flush();
        exit.onExit(status);
    }
}
