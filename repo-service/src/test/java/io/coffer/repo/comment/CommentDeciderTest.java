package io.coffer.repo.comment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coffer.events.contract.CommentContentDeleted;
import io.coffer.events.contract.CommentEvent;
import io.coffer.events.contract.CommentPosted;
import io.coffer.events.contract.CommentReactionUpdated;
import io.coffer.kernel.AwsException;
import io.coffer.repo.comment.CommentDecider.CommentCommand;
import io.coffer.repo.comment.CommentDecider.DeleteContent;
import io.coffer.repo.comment.CommentDecider.React;
import io.coffer.repo.comment.CommentDecider.Update;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Comment aggregate's decisions and the reactions it takes, given its events and a command. */
class CommentDeciderTest {

    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private static final String AUTHOR = "arn:aws:iam::111122223333:user/ada";
    private static final String OTHER = "arn:aws:iam::111122223333:user/grace";
    private static final CommentPosted POSTED = new CommentPosted("c1", "repo", "7", "a".repeat(40),
            "b".repeat(40), null, "c".repeat(40), "README.md", 3L, "AFTER", null, "text-1", AUTHOR, null, T0);

    private static List<CommentEvent> given(List<CommentEvent> history, CommentCommand when) {
        return CommentDecider.decide(when, CommentState.fold(history));
    }

    private static String errorOf(Runnable decision) {
        return assertThrows(AwsException.class, decision::run).errorType();
    }

    @Test
    void givenComment_whenSomeoneElseEditsIt_thenRefusedButTheAuthorMay() {
        assertEquals("CommentNotCreatedByCallerException", errorOf(() -> given(List.of(POSTED),
                new Update(OTHER, "text-2", T0))));
        assertEquals(1, given(List.of(POSTED), new Update(AUTHOR, "text-2", T0)).size());
    }

    @Test
    void givenDeletedComment_whenEditedOrReactedTo_thenRefusedAndItsContentIsGone() {
        List<CommentEvent> history = List.of(POSTED, new CommentContentDeleted(T0));
        CommentState state = CommentState.fold(history);
        assertTrue(state.deleted());
        assertEquals(null, state.sealedContent());
        assertEquals("CommentDeletedException", errorOf(() -> given(history, new Update(AUTHOR, "t", T0))));
        assertEquals("CommentDeletedException", errorOf(() -> given(history, new DeleteContent(T0))));
        assertEquals("CommentDeletedException", errorOf(() -> given(history, new React(OTHER, "tada", T0))));
    }

    @Test
    void givenReactions_whenChangedRepeatedOrTakenBack_thenEachUserHasOneAtMost() {
        List<CommentEvent> history = new ArrayList<>(List.of(POSTED));
        history.addAll(given(history, new React(OTHER, "thumbsup", T0)));
        history.addAll(given(history, new React(AUTHOR, "thumbsup", T0)));
        assertEquals(List.of(), given(history, new React(OTHER, "thumbsup", T0)));
        history.addAll(given(history, new React(OTHER, "rocket", T0)));
        assertEquals(Map.of(OTHER, "rocket", AUTHOR, "thumbsup"), CommentState.fold(history).reactions());
        assertEquals(List.of(new CommentReactionUpdated(AUTHOR, null, T0)), given(history,
                new React(AUTHOR, null, T0)));
    }

    @Test
    void givenReactionValues_whenParsed_thenEmojiShortCodeAndCodePointNameTheSameReaction() {
        assertEquals("thumbsup", Reactions.parse("\uD83D\uDC4D").orElseThrow().shortCode());
        assertEquals("thumbsup", Reactions.parse(":thumbsup:").orElseThrow().shortCode());
        assertEquals("thumbsup", Reactions.parse("thumbsup").orElseThrow().shortCode());
        assertEquals("rocket", Reactions.parse("u+1f680").orElseThrow().shortCode());
        assertTrue(Reactions.parse(":shrug:").isEmpty());
        assertTrue(Reactions.removes("none") && Reactions.removes(" ") && Reactions.removes(null));
    }
}
