package io.coffer.repo.git.ssh;

import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.command.CommandFactory;

/** Runs git upload-pack and receive-pack on a repository path; any other command is refused with a message. */
final class GitSshCommandFactory implements CommandFactory {

    private final GitSshCommand.Context context;

    GitSshCommandFactory(GitSshCommand.Context context) {
        this.context = context;
    }

    @Override
    public Command createCommand(ChannelSession channel, String command) {
        return GitSshCommand.Request.parse(command).<Command>map(request -> new GitSshCommand(request, context))
                .orElseGet(MessageCommand::refused);
    }
}
