package io.coffer.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.coffer.events.Topics;
import io.coffer.testsupport.KafkaBroker;
import io.coffer.testsupport.LocalIdentity;
import io.coffer.testsupport.TopicProbe;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.codecommit.CodeCommitClient;
import software.amazon.awssdk.services.codecommit.model.BranchDoesNotExistException;
import software.amazon.awssdk.services.codecommit.model.ChangeTypeEnum;
import software.amazon.awssdk.services.codecommit.model.CommitDoesNotExistException;
import software.amazon.awssdk.services.codecommit.model.CommitIdsLimitExceededException;
import software.amazon.awssdk.services.codecommit.model.CommitRequiredException;
import software.amazon.awssdk.services.codecommit.model.DeleteFileEntry;
import software.amazon.awssdk.services.codecommit.model.Difference;
import software.amazon.awssdk.services.codecommit.model.DirectoryNameConflictsWithFileNameException;
import software.amazon.awssdk.services.codecommit.model.FileContentRequiredException;
import software.amazon.awssdk.services.codecommit.model.FileContentSizeLimitExceededException;
import software.amazon.awssdk.services.codecommit.model.FileDoesNotExistException;
import software.amazon.awssdk.services.codecommit.model.FileModeTypeEnum;
import software.amazon.awssdk.services.codecommit.model.FileNameConflictsWithDirectoryNameException;
import software.amazon.awssdk.services.codecommit.model.GetDifferencesResponse;
import software.amazon.awssdk.services.codecommit.model.InvalidContinuationTokenException;
import software.amazon.awssdk.services.codecommit.model.InvalidFileModeException;
import software.amazon.awssdk.services.codecommit.model.InvalidResourceArnException;
import software.amazon.awssdk.services.codecommit.model.InvalidSystemTagUsageException;
import software.amazon.awssdk.services.codecommit.model.ManualMergeRequiredException;
import software.amazon.awssdk.services.codecommit.model.NoChangeException;
import software.amazon.awssdk.services.codecommit.model.ParentCommitDoesNotExistException;
import software.amazon.awssdk.services.codecommit.model.ParentCommitIdOutdatedException;
import software.amazon.awssdk.services.codecommit.model.ParentCommitIdRequiredException;
import software.amazon.awssdk.services.codecommit.model.PathDoesNotExistException;
import software.amazon.awssdk.services.codecommit.model.PutFileEntry;
import software.amazon.awssdk.services.codecommit.model.PutFileEntryConflictException;
import software.amazon.awssdk.services.codecommit.model.RepositoryDoesNotExistException;
import software.amazon.awssdk.services.codecommit.model.ResourceArnRequiredException;
import software.amazon.awssdk.services.codecommit.model.SameFileContentException;
import software.amazon.awssdk.services.codecommit.model.SamePathRequestException;
import software.amazon.awssdk.services.codecommit.model.SetFileModeEntry;
import software.amazon.awssdk.services.codecommit.model.SourceFileOrContentRequiredException;

/**
 * CodeCommit's commits without Git (PutFile, DeleteFile, CreateCommit) and its reads of history and differences
 * (BatchGetCommits, GetDifferences, ListFileCommitHistory), through the official SDK client, checked against what
 * stock git says of the same repository after a clone.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CodeCommitIT {

    private static final String REGION = "us-east-1";
    private static final String REPOSITORY = "api-commits";
    /** Written into file contents and commit messages through the API: must never be found at rest. */
    private static final String MARKER = "COFFER-API-MARKER-" + UUID.randomUUID();
    private static final Path WORK = Path.of("target", "codecommit-e2e").toAbsolutePath();

    private static CofferStack stack;
    private static CodeCommitClient codeCommit;
    private static StockGit git;
    private static String repositoryId;
    /** The commits the tests made, oldest first. */
    private static final List<String> commits = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        CofferStack.deleteTree(WORK);
        stack = new CofferStack();
        codeCommit = stack.codeCommit(REGION, LocalIdentity.credentials());
        git = new StockGit(WORK.resolve("home"), REGION);
        repositoryId = codeCommit.createRepository(r -> r.repositoryName(REPOSITORY)).repositoryMetadata()
                .repositoryId();
    }

    @AfterAll
    static void stop() throws Exception {
        if (codeCommit != null) {
            codeCommit.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    private static SdkBytes text(String content) {
        return SdkBytes.fromString(content, StandardCharsets.UTF_8);
    }

    private static String tip() {
        return codeCommit.getBranch(r -> r.repositoryName(REPOSITORY).branchName("main")).branch().commitId();
    }

    @Test
    @Order(1)
    void givenEmptyRepository_whenFilesPutDeletedAndCommitted_thenEachCommitIsOnTheBranchAsGitSeesIt()
            throws Exception {
        // the first PutFile makes the branch, and it becomes the default one
        var first = codeCommit.putFile(r -> r.repositoryName(REPOSITORY).branchName("main").filePath("README.md")
                .fileContent(text("# api\n" + MARKER + "\n")).commitMessage("first " + MARKER).name("Ada")
                .email("ada@coffer.invalid"));
        commits.add(first.commitId());
        assertEquals("main", codeCommit.getRepository(r -> r.repositoryName(REPOSITORY)).repositoryMetadata()
                .defaultBranch());
        assertThrows(ParentCommitIdRequiredException.class, () -> codeCommit.putFile(r -> r
                .repositoryName(REPOSITORY).branchName("main").filePath("a.txt").fileContent(text("a"))));
        assertThrows(SameFileContentException.class, () -> codeCommit.putFile(r -> r.repositoryName(REPOSITORY)
                .branchName("main").filePath("README.md").fileContent(text("# api\n" + MARKER + "\n"))
                .parentCommitId(first.commitId())));
        assertThrows(FileContentRequiredException.class, () -> codeCommit.putFile(r -> r.repositoryName(REPOSITORY)
                .branchName("main").filePath("empty").fileContent(text("")).parentCommitId(first.commitId())));
        assertThrows(FileContentSizeLimitExceededException.class, () -> codeCommit.putFile(r -> r
                .repositoryName(REPOSITORY).branchName("main").filePath("big.bin")
                .fileContent(SdkBytes.fromByteArray(new byte[6 * 1024 * 1024 + 1]))
                .parentCommitId(first.commitId())));
        assertThrows(InvalidFileModeException.class, () -> codeCommit.putFile(r -> r.repositoryName(REPOSITORY)
                .branchName("main").filePath("x").fileContent(text("x")).fileMode("SETUID")
                .parentCommitId(first.commitId())));
        assertThrows(BranchDoesNotExistException.class, () -> codeCommit.putFile(r -> r.repositoryName(REPOSITORY)
                .branchName("elsewhere").filePath("x").fileContent(text("x")).parentCommitId(first.commitId())));
        assertThrows(ParentCommitDoesNotExistException.class, () -> codeCommit.putFile(r -> r
                .repositoryName(REPOSITORY).branchName("main").filePath("x").fileContent(text("x"))
                .parentCommitId("0123456789abcdef0123456789abcdef01234567")));

        // several files, an executable, a symbolic link, in one commit
        var second = codeCommit.createCommit(r -> r.repositoryName(REPOSITORY).branchName("main")
                .parentCommitId(first.commitId()).authorName("Grace").email("grace@coffer.invalid")
                .commitMessage("layout " + MARKER)
                .putFiles(file("src/main.c", "int main(void) { return 0; }\n"),
                        file("src/util/strings.c", "/* strings */\n"),
                        PutFileEntry.builder().filePath("build.sh").fileMode(FileModeTypeEnum.EXECUTABLE)
                                .fileContent(text("#!/bin/sh\ncc src/main.c\n")).build(),
                        PutFileEntry.builder().filePath("latest").fileMode(FileModeTypeEnum.SYMLINK)
                                .fileContent(text("build.sh")).build()));
        commits.add(second.commitId());
        assertEquals(4, second.filesAdded().size());
        assertTrue(second.filesUpdated().isEmpty() && second.filesDeleted().isEmpty());

        // the same parent twice: the second writer is outdated, and the branch did not move for it
        assertThrows(ParentCommitIdOutdatedException.class, () -> codeCommit.putFile(r -> r
                .repositoryName(REPOSITORY).branchName("main").filePath("late.txt").fileContent(text("late"))
                .parentCommitId(first.commitId())));
        assertEquals(second.commitId(), tip());

        assertThrows(FileNameConflictsWithDirectoryNameException.class, () -> codeCommit.putFile(r -> r
                .repositoryName(REPOSITORY).branchName("main").filePath("src/util").fileContent(text("a file"))
                .parentCommitId(second.commitId())));
        assertThrows(DirectoryNameConflictsWithFileNameException.class, () -> codeCommit.putFile(r -> r
                .repositoryName(REPOSITORY).branchName("main").filePath("build.sh/inner").fileContent(text("x"))
                .parentCommitId(second.commitId())));
        assertThrows(SamePathRequestException.class, () -> codeCommit.createCommit(r -> r.repositoryName(REPOSITORY)
                .branchName("main").parentCommitId(second.commitId()).putFiles(file("README.md", "again"))
                .deleteFiles(DeleteFileEntry.builder().filePath("README.md").build())));
        assertThrows(PutFileEntryConflictException.class, () -> codeCommit.createCommit(r -> r
                .repositoryName(REPOSITORY).branchName("main").parentCommitId(second.commitId())
                .putFiles(file("docs", "a file"), file("docs/guide.md", "a file in it"))));
        assertThrows(SourceFileOrContentRequiredException.class, () -> codeCommit.createCommit(r -> r
                .repositoryName(REPOSITORY).branchName("main").parentCommitId(second.commitId())
                .putFiles(PutFileEntry.builder().filePath("nothing").build())));
        assertThrows(NoChangeException.class, () -> codeCommit.createCommit(r -> r.repositoryName(REPOSITORY)
                .branchName("main").parentCommitId(second.commitId())
                .putFiles(file("src/main.c", "int main(void) { return 0; }\n"))));
        assertThrows(FileDoesNotExistException.class, () -> codeCommit.createCommit(r -> r
                .repositoryName(REPOSITORY).branchName("main").parentCommitId(second.commitId())
                .deleteFiles(DeleteFileEntry.builder().filePath("no/such/file").build())));

        // a move, an update, a delete that empties a folder kept with ..gitkeep, and a mode change
        var third = codeCommit.createCommit(r -> r.repositoryName(REPOSITORY).branchName("main")
                .parentCommitId(second.commitId()).keepEmptyFolders(true)
                .putFiles(file("README.md", "# api, updated\n"),
                        PutFileEntry.builder().filePath("src/app.c").sourceFile(s -> s.filePath("src/main.c")
                                .isMove(true)).build())
                .deleteFiles(DeleteFileEntry.builder().filePath("src/util/strings.c").build())
                .setFileModes(SetFileModeEntry.builder().filePath("build.sh").fileMode(FileModeTypeEnum.NORMAL)
                        .build()));
        commits.add(third.commitId());
        assertEquals(List.of("src/app.c", "src/util/..gitkeep"), third.filesAdded().stream()
                .map(f -> f.absolutePath()).sorted().toList());
        assertEquals(List.of("README.md", "build.sh"), third.filesUpdated().stream().map(f -> f.absolutePath())
                .sorted().toList());
        assertEquals(List.of("src/main.c", "src/util/strings.c"), third.filesDeleted().stream()
                .map(f -> f.absolutePath()).sorted().toList());

        var deleted = codeCommit.deleteFile(r -> r.repositoryName(REPOSITORY).branchName("main")
                .filePath("latest").parentCommitId(third.commitId()).commitMessage("no link"));
        commits.add(deleted.commitId());
        assertEquals("latest", deleted.filePath());
        var fifth = codeCommit.putFile(r -> r.repositoryName(REPOSITORY).branchName("main").filePath("README.md")
                .fileContent(text("# api, final\n")).parentCommitId(deleted.commitId()));
        commits.add(fifth.commitId());
        assertEquals(fifth.commitId(), tip());

        // stock git clones exactly this history
        Path clone = WORK.resolve("clone");
        git.ok(WORK, "clone", "-q", stack.repo.uri("/v1/repos/" + REPOSITORY).toString(), clone.toString());
        git.ok(clone, "fsck", "--strict");
        assertEquals(reversed(commits), git.ok(clone, "log", "--format=%H").lines().toList());
        assertEquals(second.treeId(), git.ok(clone, "rev-parse", second.commitId() + "^{tree}"));
        assertEquals("Grace <grace@coffer.invalid>", git.ok(clone, "log", "-1", "--format=%an <%ae>",
                second.commitId()));
        assertEquals("first " + MARKER, git.ok(clone, "log", "-1", "--format=%B", first.commitId()).trim());
        assertEquals("Edited README.md", git.ok(clone, "log", "-1", "--format=%s", fifth.commitId()));
        assertEquals(List.of("100644 README.md", "100644 build.sh", "100644 src/app.c",
                "100644 src/util/..gitkeep"), git.ok(clone, "ls-tree", "-r", "--format=%(objectmode) %(path)",
                "HEAD").lines().toList());
        assertEquals("120000", git.ok(clone, "ls-tree", "--format=%(objectmode)", second.commitId(), "latest"));
        assertEquals("# api, final", Files.readString(clone.resolve("README.md")).trim());
        assertEquals("int main(void) { return 0; }", Files.readString(clone.resolve("src/app.c")).trim());
    }

    @Test
    @Order(2)
    void givenCommits_whenDifferencesHistoryAndBatchRead_thenTheyAreWhatGitSays() throws Exception {
        Path clone = WORK.resolve("clone");
        for (int i = 0; i < commits.size(); i++) {
            String before = i == 0 ? null : commits.get(i - 1);
            String after = commits.get(i);
            List<String> expected = git.ok(clone, "diff-tree", "-r", "--no-renames", "--root", after).lines()
                    .skip(1).map(CodeCommitIT::rawLine).sorted().toList();
            List<String> actual = differences(before, after, null, null, null).stream()
                    .map(CodeCommitIT::rawLine).sorted().toList();
            assertEquals(expected, actual, "differences of " + after);
        }
        // paging: one difference a page, the same set as one call
        List<Difference> all = differences(null, commits.get(1), null, null, null);
        List<Difference> paged = differences(null, commits.get(1), null, null, 1);
        assertEquals(all, paged);
        assertThrows(InvalidContinuationTokenException.class, () -> codeCommit.getDifferences(r -> r
                .repositoryName(REPOSITORY).afterCommitSpecifier("main").nextToken("not-a-token")));
        // a path limits both sides; "HEAD" and branch names are commit specifiers
        List<Difference> src = differences(commits.get(0), "HEAD", "src", "src", null);
        assertEquals(List.of("src/app.c", "src/util/..gitkeep"), src.stream().map(d -> d.afterBlob().path())
                .sorted().toList());
        assertTrue(src.stream().allMatch(d -> d.changeType() == ChangeTypeEnum.A));
        assertThrows(PathDoesNotExistException.class, () -> differences(commits.get(0), "main", "nowhere",
                "nowhere", null));
        assertThrows(CommitRequiredException.class, () -> codeCommit.getDifferences(r -> r
                .repositoryName(REPOSITORY)));
        assertThrows(CommitDoesNotExistException.class, () -> codeCommit.getDifferences(r -> r
                .repositoryName(REPOSITORY).afterCommitSpecifier("no-such-branch")));

        // ListFileCommitHistory: git log -- path, paged
        List<String> readme = git.ok(clone, "log", "--format=%H", "--", "README.md").lines().toList();
        var page = codeCommit.listFileCommitHistory(r -> r.repositoryName(REPOSITORY).filePath("README.md")
                .maxResults(2));
        assertEquals(readme.subList(0, 2), page.revisionDag().stream().map(v -> v.commit().commitId()).toList());
        var rest = codeCommit.listFileCommitHistory(r -> r.repositoryName(REPOSITORY).filePath("README.md")
                .maxResults(2).nextToken(page.nextToken()));
        assertEquals(readme.subList(2, readme.size()), rest.revisionDag().stream().map(v -> v.commit().commitId())
                .toList());
        assertNull(rest.nextToken());
        assertEquals(git.ok(clone, "rev-parse", "HEAD:README.md"), page.revisionDag().get(0).blobId());
        assertEquals(List.of(readme.get(0)), page.revisionDag().get(1).revisionChildren());

        // BatchGetCommits: found ones, and an error entry for each that is not
        var batch = codeCommit.batchGetCommits(r -> r.repositoryName(REPOSITORY).commitIds(commits.get(0),
                commits.get(2), "0123456789abcdef0123456789abcdef01234567", "abc123"));
        assertEquals(List.of(commits.get(0), commits.get(2)), batch.commits().stream().map(c -> c.commitId())
                .toList());
        assertEquals(List.of("CommitIdDoesNotExistException", "InvalidCommitIdException"), batch.errors().stream()
                .map(e -> e.errorCode()).toList());
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            tooMany.add(commits.get(0));
        }
        assertThrows(CommitIdsLimitExceededException.class, () -> codeCommit.batchGetCommits(r -> r
                .repositoryName(REPOSITORY).commitIds(tooMany)));
    }

    @Test
    @Order(3)
    void givenSecondBranch_whenMadeTheDefault_thenCloneChecksItOutAndItCannotBeDeleted() throws Exception {
        codeCommit.createBranch(r -> r.repositoryName(REPOSITORY).branchName("release").commitId(commits.get(1)));
        codeCommit.updateDefaultBranch(r -> r.repositoryName(REPOSITORY).defaultBranchName("release"));
        assertEquals("release", codeCommit.getRepository(r -> r.repositoryName(REPOSITORY)).repositoryMetadata()
                .defaultBranch());
        Path clone = WORK.resolve("release-clone");
        git.ok(WORK, "clone", "-q", stack.repo.uri("/v1/repos/" + REPOSITORY).toString(), clone.toString());
        assertEquals("release", git.ok(clone, "branch", "--show-current"));
        assertEquals(commits.get(1), git.ok(clone, "rev-parse", "HEAD"));
        assertThrows(BranchDoesNotExistException.class, () -> codeCommit.updateDefaultBranch(r -> r
                .repositoryName(REPOSITORY).defaultBranchName("never")));
        // ListBranches pages by 100, in name order
        for (int i = 0; i < 100; i++) {
            String name = String.format("page/%03d", i);
            codeCommit.createBranch(r -> r.repositoryName(REPOSITORY).branchName(name).commitId(commits.get(0)));
        }
        var first = codeCommit.listBranches(r -> r.repositoryName(REPOSITORY));
        assertEquals(100, first.branches().size());
        var second = codeCommit.listBranches(r -> r.repositoryName(REPOSITORY).nextToken(first.nextToken()));
        assertNull(second.nextToken());
        List<String> all = new ArrayList<>(first.branches());
        all.addAll(second.branches());
        assertEquals(102, all.size(), "main, release and 100 more");
        assertEquals(all.stream().sorted().toList(), all);
        codeCommit.updateDefaultBranch(r -> r.repositoryName(REPOSITORY).defaultBranchName("main"));
        assertEquals("main", codeCommit.getRepository(r -> r.repositoryName(REPOSITORY)).repositoryMetadata()
                .defaultBranch());
    }

    @Test
    @Order(3)
    void givenRepositoryArn_whenTaggedAndUntagged_thenListedTagsFollowAndForeignArnsAreRefused() {
        String arn = "arn:aws:codecommit:us-east-1:" + LocalIdentity.ACCOUNT_ID + ":tagged";
        codeCommit.createRepository(r -> r.repositoryName("tagged").tags(Map.of("team", "platform")));
        assertEquals(Map.of("team", "platform"), codeCommit.listTagsForResource(r -> r.resourceArn(arn))
                .tags());
        codeCommit.tagResource(r -> r.resourceArn(arn).tags(Map.of("env", "dev", "team", "git")));
        assertEquals(Map.of("env", "dev", "team", "git"), codeCommit.listTagsForResource(r -> r
                .resourceArn(arn)).tags());
        codeCommit.untagResource(r -> r.resourceArn(arn).tagKeys("team", "absent"));
        assertEquals(Map.of("env", "dev"), codeCommit.listTagsForResource(r -> r.resourceArn(arn)).tags());
        assertThrows(InvalidSystemTagUsageException.class, () -> codeCommit.tagResource(r -> r.resourceArn(arn)
                .tags(Map.of("aws:owner", "x"))));
        assertThrows(InvalidResourceArnException.class, () -> codeCommit.listTagsForResource(r -> r
                .resourceArn("arn:aws:s3:::bucket")));
        assertThrows(RepositoryDoesNotExistException.class, () -> codeCommit.listTagsForResource(r -> r
                .resourceArn("arn:aws:codecommit:eu-west-1:" + LocalIdentity.ACCOUNT_ID + ":tagged")));
        assertThrows(ResourceArnRequiredException.class, () -> codeCommit.untagResource(r -> r.tagKeys("env")));
        // CreateRepository with tags, GetRepository: unchanged by tagging
        assertEquals("tagged", codeCommit.getRepository(r -> r.repositoryName("tagged")).repositoryMetadata()
                .repositoryName());
    }

    @Test
    @Order(4)
    void givenDivergedBranches_whenMergedEachWay_thenGitSeesTheMergesAndConflictsAreDescribedAndResolved()
            throws Exception {
        String base = tip();
        codeCommit.createBranch(r -> r.repositoryName(REPOSITORY).branchName("feature").commitId(base));
        String feature = codeCommit.createCommit(r -> r.repositoryName(REPOSITORY).branchName("feature")
                .parentCommitId(base).putFiles(file("feature.txt", "feature\n"))).commitId();
        // fast-forward: main has not moved since feature left it
        var options = codeCommit.getMergeOptions(r -> r.repositoryName(REPOSITORY).sourceCommitSpecifier("feature")
                .destinationCommitSpecifier("main"));
        assertEquals(List.of("FAST_FORWARD_MERGE", "SQUASH_MERGE", "THREE_WAY_MERGE"), options.mergeOptionsAsStrings());
        assertEquals(base, options.baseCommitId());
        assertEquals(feature, codeCommit.mergeBranchesByFastForward(r -> r.repositoryName(REPOSITORY)
                .sourceCommitSpecifier("feature").destinationCommitSpecifier("main")).commitId());
        assertEquals(feature, tip());

        // both move: a three-way merge of changes to different lines of README.md, at line level
        String onMain = codeCommit.putFile(r -> r.repositoryName(REPOSITORY).branchName("main").filePath("README.md")
                .fileContent(text("# api, final\nmain line\n")).parentCommitId(feature)).commitId();
        String onFeature = codeCommit.createCommit(r -> r.repositoryName(REPOSITORY).branchName("feature")
                .parentCommitId(feature).putFiles(file("README.md", "# api, feature\n"),
                        file("feature.txt", "feature, more\n"))).commitId();
        assertThrows(ManualMergeRequiredException.class, () -> codeCommit.mergeBranchesByFastForward(r -> r
                .repositoryName(REPOSITORY).sourceCommitSpecifier("feature").destinationCommitSpecifier("main")));
        assertThrows(ManualMergeRequiredException.class, () -> codeCommit.mergeBranchesByThreeWay(r -> r
                .repositoryName(REPOSITORY).sourceCommitSpecifier("feature").destinationCommitSpecifier("main")),
                "FILE_LEVEL: README.md changed on both sides");
        var conflicts = codeCommit.getMergeConflicts(r -> r.repositoryName(REPOSITORY)
                .sourceCommitSpecifier("feature").destinationCommitSpecifier("main").mergeOption("THREE_WAY_MERGE")
                .conflictDetailLevel("LINE_LEVEL"));
        assertFalse(conflicts.mergeable());
        assertEquals(List.of("README.md"), conflicts.conflictMetadataList().stream().map(c -> c.filePath()).toList());
        assertEquals(1, conflicts.conflictMetadataList().get(0).numberOfConflicts());
        var described = codeCommit.describeMergeConflicts(r -> r.repositoryName(REPOSITORY)
                .sourceCommitSpecifier("feature").destinationCommitSpecifier("main").mergeOption("THREE_WAY_MERGE")
                .conflictDetailLevel("LINE_LEVEL").filePath("README.md"));
        assertEquals("# api, feature\n", described.mergeHunks().get(0).source().hunkContent());
        assertEquals("# api, final\nmain line\n", described.mergeHunks().get(0).destination().hunkContent());

        var batch = codeCommit.batchDescribeMergeConflicts(r -> r.repositoryName(REPOSITORY)
                .sourceCommitSpecifier("feature").destinationCommitSpecifier("main").mergeOption("THREE_WAY_MERGE")
                .conflictDetailLevel("LINE_LEVEL").filePaths("README.md", "feature.txt"));
        assertEquals(List.of("README.md"), batch.conflicts().stream().map(c -> c.conflictMetadata().filePath())
                .toList());
        assertEquals(List.of("feature.txt"), batch.errors().stream().map(e -> e.filePath()).toList());
        // a merge commit no branch names: main does not move
        var unreferenced = codeCommit.createUnreferencedMergeCommit(r -> r.repositoryName(REPOSITORY)
                .sourceCommitSpecifier("feature").destinationCommitSpecifier("main").mergeOption("THREE_WAY_MERGE")
                .conflictResolutionStrategy("ACCEPT_SOURCE"));
        assertEquals(List.of(onMain, onFeature), codeCommit.getCommit(r -> r.repositoryName(REPOSITORY)
                .commitId(unreferenced.commitId())).commit().parents());
        assertEquals(onMain, tip());

        var merged = codeCommit.mergeBranchesByThreeWay(r -> r.repositoryName(REPOSITORY)
                .sourceCommitSpecifier("feature").destinationCommitSpecifier("main").conflictDetailLevel("LINE_LEVEL")
                .commitMessage("merge feature").conflictResolution(c -> c.replaceContents(e -> e
                        .filePath("README.md").replacementType("USE_NEW_CONTENT")
                        .content(text("# api, merged\n")))));
        commits.add(merged.commitId());
        assertEquals(merged.commitId(), codeCommit.getMergeCommit(r -> r.repositoryName(REPOSITORY)
                .sourceCommitSpecifier(onFeature).destinationCommitSpecifier("main")).mergedCommitId());
        Path clone = WORK.resolve("clone");
        git.ok(clone, "fetch", "-q", "origin");
        assertEquals(onMain + " " + onFeature, git.ok(clone, "log", "-1", "--format=%P", "origin/main"));
        assertEquals("# api, merged", git.ok(clone, "show", "origin/main:README.md"));
        assertEquals("feature, more", git.ok(clone, "show", "origin/main:feature.txt"));

        // squash: one parent, the destination; the source's change arrives without its history
        String more = codeCommit.putFile(r -> r.repositoryName(REPOSITORY).branchName("feature")
                .filePath("squashed.txt").fileContent(text("squashed\n")).parentCommitId(onFeature)).commitId();
        var squashed = codeCommit.mergeBranchesBySquash(r -> r.repositoryName(REPOSITORY)
                .sourceCommitSpecifier(more).destinationCommitSpecifier("main").targetBranch("main")
                .conflictResolutionStrategy("ACCEPT_SOURCE"));
        git.ok(clone, "fetch", "-q", "origin");
        assertEquals(merged.commitId(), git.ok(clone, "log", "-1", "--format=%P", "origin/main"));
        assertEquals("squashed", git.ok(clone, "show", "origin/main:squashed.txt"));
        assertEquals(squashed.treeId(), git.ok(clone, "rev-parse", "origin/main^{tree}"));
        git.ok(clone, "fsck", "--strict");
    }

    @Test
    @Order(5)
    void givenApiCommits_whenAuditTrailAndStorageSearched_thenCallsAreRecordedWithoutTheirContent()
            throws Exception {
        List<String> calls = List.of("PutFile", "CreateCommit", "DeleteFile", "GetDifferences",
                "ListFileCommitHistory", "BatchGetCommits", "UpdateDefaultBranch", "MergeBranchesByThreeWay",
                "DescribeMergeConflicts");
        List<ConsumerRecord<String, String>> tagging = new TopicProbe(KafkaBroker.bootstrapServers()).readUntil(
                Topics.AUDIT_RECORDS, Duration.ofSeconds(30), seen -> EventRecords.named(seen, "UntagResource").stream()
                        .anyMatch(r -> r.path("resources").size() > 0));
        JsonNode untag = EventRecords.named(tagging, "UntagResource").stream()
                .filter(r -> r.path("resources").size() > 0).findFirst().orElseThrow();
        assertEquals("arn:aws:codecommit:us-east-1:" + LocalIdentity.ACCOUNT_ID + ":tagged",
                untag.get("resources").get(0).get("ARN").asText());
        List<ConsumerRecord<String, String>> audit = new TopicProbe(KafkaBroker.bootstrapServers()).readUntil(
                Topics.AUDIT_RECORDS, Duration.ofSeconds(30),
                seen -> calls.stream().noneMatch(event -> EventRecords.ofRepository(seen, event, repositoryId)
                        .isEmpty()));
        for (String call : calls) {
            List<JsonNode> records = EventRecords.ofRepository(audit, call, repositoryId);
            assertFalse(records.isEmpty(), call);
            JsonNode record = records.get(0);
            assertEquals("codecommit.amazonaws.com", record.get("eventSource").asText());
            assertEquals("arn:aws:codecommit:us-east-1:" + LocalIdentity.ACCOUNT_ID + ":" + REPOSITORY,
                    record.get("resources").get(0).get("ARN").asText(), call);
        }
        JsonNode put = EventRecords.ofRepository(audit, "PutFile", repositoryId).get(0).get("requestParameters");
        assertEquals("README.md", put.get("filePath").asText());
        assertFalse(put.has("fileContent") || put.has("commitMessage"), put.toString());
        for (ConsumerRecord<String, String> record : audit) {
            assertFalse(record.value().contains(MARKER), "file content or commit message on the audit trail");
        }
        AtRest.assertSealed(CofferStack.BLOBS, MARKER);
    }

    private static List<Difference> differences(String before, String after, String beforePath, String afterPath,
            Integer pageSize) {
        List<Difference> all = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            GetDifferencesResponse page = codeCommit.getDifferences(r -> r.repositoryName(REPOSITORY)
                    .beforeCommitSpecifier(before).afterCommitSpecifier(after).beforePath(beforePath)
                    .afterPath(afterPath).maxResults(pageSize).nextToken(next));
            all.addAll(page.differences());
            token = page.nextToken();
            assertTrue(pageSize == null ? token == null : page.differences().size() <= pageSize);
        } while (token != null);
        return all;
    }

    /** {@code git diff-tree} --raw's line without the leading colon: old mode, new mode, old ID, new ID, type, path. */
    private static String rawLine(String line) {
        String[] fields = line.substring(1).split("[ \t]");
        return String.join(" ", fields[0], fields[1], fields[2], fields[3], fields[4], fields[5]);
    }

    private static String rawLine(Difference d) {
        String zero = "0".repeat(40);
        return String.join(" ", d.beforeBlob() == null ? "000000" : d.beforeBlob().mode(),
                d.afterBlob() == null ? "000000" : d.afterBlob().mode(),
                d.beforeBlob() == null ? zero : d.beforeBlob().blobId(),
                d.afterBlob() == null ? zero : d.afterBlob().blobId(), d.changeTypeAsString(),
                d.afterBlob() == null ? d.beforeBlob().path() : d.afterBlob().path());
    }

    private static PutFileEntry file(String path, String content) {
        return PutFileEntry.builder().filePath(path).fileContent(text(content)).build();
    }

    private static List<String> reversed(List<String> list) {
        List<String> copy = new ArrayList<>(list);
        java.util.Collections.reverse(copy);
        return copy;
    }
}
