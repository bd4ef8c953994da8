package io.coffer.repo.git.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class GitSshCommandTest {

    @Test
    void givenCommandsGitSends_whenParsed_thenServiceAndRepositoryNameAreRead() {
        assertEquals(new GitSshCommand.Request(false, "my-repo"),
                GitSshCommand.Request.parse("git-upload-pack '/v1/repos/my-repo'").orElseThrow());
        assertEquals(new GitSshCommand.Request(true, "my_repo.v2"),
                GitSshCommand.Request.parse("git-receive-pack '/v1/repos/my_repo.v2'").orElseThrow());
        assertEquals(new GitSshCommand.Request(false, "r"),
                GitSshCommand.Request.parse("git upload-pack 'v1/repos/r/'").orElseThrow());
    }

    @Test
    void givenAnyOtherCommand_whenParsed_thenNothingRuns() {
        for (String command : List.of("git-upload-archive '/v1/repos/r'", "ls", "git-upload-pack '/etc/passwd'",
                "git-upload-pack '/v1/repos/a/../../b'", "git-upload-pack '/v1/repos/r'; rm -rf /",
                "git-upload-pack '/v1/repos/r' && id", "git-upload-pack '/v1/repos/r\nid'", "")) {
            assertTrue(GitSshCommand.Request.parse(command).isEmpty(), command);
        }
    }
}
