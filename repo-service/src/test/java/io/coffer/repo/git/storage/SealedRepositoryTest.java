package io.coffer.repo.git.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coffer.kernel.Caller;
import io.coffer.kernel.Principal;
import io.coffer.repo.RepoConfig;
import io.coffer.repo.git.refs.RefStore;
import io.coffer.testsupport.KafkaBrokerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.crypto.SecretKey;
import org.eclipse.jgit.internal.storage.dfs.DfsBlockCache;
import org.eclipse.jgit.internal.storage.dfs.DfsBlockCacheConfig;
import org.eclipse.jgit.internal.storage.dfs.DfsGarbageCollector;
import org.eclipse.jgit.internal.storage.dfs.DfsObjDatabase.PackSource;
import org.eclipse.jgit.internal.storage.dfs.DfsPackDescription;
import org.eclipse.jgit.internal.storage.pack.PackExt;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sealed repository in the JVM: JGit's object and ref databases over the pack catalog and ref store (PostgreSQL),
 * an in-memory blob store and a test cipher with crypto-service's frame layout, with frames small enough that every
 * object spans many of them. What is tested end to end through crypto-service elsewhere, here without its process.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class SealedRepositoryTest {

    private static final int FRAME_LENGTH = 1024;
    private static final Caller CALLER = new Caller(new Principal("111122223333", "alice", "AKIAALICE"),
            "eu-west-3", "codecommit", "127.0.0.1", "junit", "request-1", null);
    private static final byte[] MARKER = "plaintext that must never reach the blob store"
            .getBytes(StandardCharsets.UTF_8);

    @Inject
    PackCatalog catalog;
    @Inject
    RefStore refs;
    @Inject
    RepoConfig config;

    private final InMemoryBlobStore store = new InMemoryBlobStore();
    private final SecretKey key = AesGcmTestCipher.newKey();
    private final String repositoryId = UUID.randomUUID().toString();
    private ExecutorService sealers;

    @BeforeEach
    void startSealers() {
        sealers = Executors.newCachedThreadPool();
    }

    @AfterEach
    void stopSealers() {
        sealers.shutdownNow();
    }

    @Test
    void givenACommitWritten_whenReopened_thenObjectsAndRefReadBackAndTheStoreHoldsNoPlaintext() throws Exception {
        byte[] content = repeated(MARKER, 200);
        ObjectId commit;
        try (SealedRepository db = open()) {
            commit = commit(db, content, null);
            assertEquals(RefUpdate.Result.NEW, update(db, null, commit));
        }
        forgetCachedBlocks();

        try (SealedRepository db = open(); RevWalk walk = new RevWalk(db)) {
            assertEquals(commit, db.exactRef("refs/heads/main").getObjectId());
            RevCommit read = walk.parseCommit(commit);
            assertEquals("commit 1", read.getFullMessage());
            assertArrayEquals(content, db.open(blobOf(db, read)).getBytes());
        }
        List<BlobStore.Blob> files = store.list(repositoryId);
        assertEquals(2, files.size(), "a pack and its index: " + files);
        for (BlobStore.Blob file : files) {
            byte[] stored = store.bytes(repositoryId, file.name());
            assertFalse(contains(stored, MARKER), file.name() + " holds plaintext");
            assertFalse(contains(stored, commit.name().getBytes(StandardCharsets.US_ASCII)), file.name());
        }
    }

    @Test
    void givenABlobOfManyFrames_whenReadBack_thenEveryByteMatches() throws Exception {
        byte[] content = new byte[300 * 1024];
        new Random(7).nextBytes(content); // incompressible: the pack holds about as many bytes, over ~300 frames
        ObjectId blob;
        try (SealedRepository db = open(); ObjectInserter inserter = db.newObjectInserter()) {
            blob = inserter.insert(Constants.OBJ_BLOB, content);
            inserter.flush();
        }
        forgetCachedBlocks();

        try (SealedRepository db = open()) {
            assertArrayEquals(content, db.open(blob).getBytes());
            try (var in = db.open(blob).openStream()) {
                assertEquals(1000, in.skip(1000));
                byte[] middle = in.readNBytes(FRAME_LENGTH * 3 + 17);
                assertArrayEquals(Arrays.copyOfRange(content, 1000, 1000 + middle.length), middle);
            }
        }
    }

    @Test
    void givenAStoredByteAltered_whenRead_thenStoredDataCorrupt() throws Exception {
        byte[] content = repeated(MARKER, 100);
        ObjectId blob;
        try (SealedRepository db = open(); ObjectInserter inserter = db.newObjectInserter()) {
            blob = inserter.insert(Constants.OBJ_BLOB, content);
            inserter.flush();
        }
        String pack = store.list(repositoryId).stream().map(BlobStore.Blob::name).filter(n -> n.endsWith(".pack"))
                .findFirst().orElseThrow();
        store.flip(repositoryId, pack, store.bytes(repositoryId, pack).length / 2);
        forgetCachedBlocks();

        try (SealedRepository db = open()) {
            Exception e = assertThrows(Exception.class, () -> db.open(blob).getBytes());
            assertTrue(causedBy(e, StoredDataCorruptException.class), "corruption is named as such: " + e);
        }
    }

    @Test
    void givenTheSameOldCommit_whenTwoWritersMoveTheRef_thenOneWinsAndTheOtherIsRefused() throws Exception {
        ObjectId mine;
        try (SealedRepository first = open(); SealedRepository second = open()) {
            ObjectId base = commit(first, MARKER, null);
            assertEquals(RefUpdate.Result.NEW, update(first, null, base));
            second.getRefDatabase().refresh();
            mine = commit(first, repeated(MARKER, 2), base);
            ObjectId theirs = commit(second, repeated(MARKER, 3), base);

            assertEquals(RefUpdate.Result.FAST_FORWARD, update(first, base, mine));
            assertEquals(RefUpdate.Result.LOCK_FAILURE, update(second, base, theirs));
        }
        try (SealedRepository db = open()) {
            assertEquals(mine, db.exactRef("refs/heads/main").getObjectId(), "the winner's commit stands");
        }
    }

    @Test
    void givenTwoPushes_whenGarbageCollected_thenOneGcPackHoldsEveryObject() throws Exception {
        ObjectId first;
        ObjectId second;
        try (SealedRepository db = open()) {
            first = commit(db, repeated(MARKER, 10), null);
            update(db, null, first);
            second = commit(db, repeated(MARKER, 20), first);
            update(db, first, second);
            assertEquals(2, db.getObjectDatabase().getPacks().length);

            assertTrue(new DfsGarbageCollector(db).pack(null));
        }
        forgetCachedBlocks();

        try (SealedRepository db = open(); RevWalk walk = new RevWalk(db)) {
            List<DfsPackDescription> packs = catalog.list(db.getDescription()).stream()
                    .map(DfsPackDescription.class::cast).toList();
            assertEquals(List.of(PackSource.GC), packs.stream().map(DfsPackDescription::getPackSource).toList());
            assertTrue(packs.get(0).hasFileExt(PackExt.INDEX));
            walk.markStart(walk.parseCommit(second));
            int commits = 0;
            for (RevCommit c : walk) {
                db.open(blobOf(db, c)).getBytes();
                commits++;
            }
            assertEquals(2, commits);
        }
    }

    private SealedRepository open() {
        return new SealedRepository.Builder(repositoryId)
                .storage(catalog, store, refs, config.git().blockSize(), sealers)
                .actingFor(CALLER, new AesGcmTestCipher(repositoryId, key, FRAME_LENGTH))
                .build();
    }

    /** Empties the (process-wide) plaintext block cache, so reads go to the store and the cipher again. */
    private void forgetCachedBlocks() {
        DfsBlockCache.reconfigure(new DfsBlockCacheConfig().setBlockSize(config.git().blockSize())
                .setBlockLimit(config.git().blockCacheBytes()));
    }

    private static ObjectId commit(SealedRepository db, byte[] content, ObjectId parent) throws IOException {
        try (ObjectInserter inserter = db.newObjectInserter()) {
            ObjectId blob = inserter.insert(Constants.OBJ_BLOB, content);
            TreeFormatter tree = new TreeFormatter();
            tree.append("file.txt", FileMode.REGULAR_FILE, blob);
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(inserter.insert(tree));
            PersonIdent alice = new PersonIdent("Alice", "alice@example.com");
            commit.setAuthor(alice);
            commit.setCommitter(alice);
            commit.setMessage(parent == null ? "commit 1" : "next");
            if (parent != null) {
                commit.setParentId(parent);
            }
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            return id;
        }
    }

    private static RefUpdate.Result update(SealedRepository db, ObjectId expected, ObjectId next) throws IOException {
        RefUpdate update = db.updateRef("refs/heads/main");
        update.setExpectedOldObjectId(expected == null ? ObjectId.zeroId() : expected);
        update.setNewObjectId(next);
        return update.update();
    }

    private static ObjectId blobOf(SealedRepository db, RevCommit commit) throws IOException {
        try (TreeWalk tree = TreeWalk.forPath(db, "file.txt", commit.getTree())) {
            return tree.getObjectId(0);
        }
    }

    private static byte[] repeated(byte[] part, int times) {
        byte[] all = new byte[part.length * times];
        for (int i = 0; i < times; i++) {
            System.arraycopy(part, 0, all, i * part.length, part.length);
        }
        return all;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
