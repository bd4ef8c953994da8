package io.coffer.repo.approval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An approval rule's content, CodeCommit's rule language (version 2018-11-08): statements of type
 * {@code Approvers}, each satisfied when at least {@code NumberOfApprovalsNeeded} approvers from its
 * {@code ApprovalPoolMembers} (anyone, if it names none) approved. A member is an ARN, {@code *} matching any run of
 * characters, or {@code CodeCommitApprovers:<account>:<name>}, which names a user or role session of the account.
 *
 * @param destinationReferences the branches (full ref names) a template's rule applies to; empty: all
 */
public record ApprovalRuleContent(List<String> destinationReferences, List<Statement> statements) {

    static final String VERSION = "2018-11-08";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_CONTENT = 3000;

    public record Statement(int approvalsNeeded, List<Pattern> pool) {

        public boolean satisfiedBy(Collection<String> approvers) {
            return approvers.stream().filter(this::inPool).count() >= approvalsNeeded;
        }

        private boolean inPool(String approverArn) {
            return pool.isEmpty() || pool.stream().anyMatch(member -> member.matcher(approverArn).matches());
        }
    }

    /**
     * The content's meaning.
     *
     * @throws InvalidContent saying what is wrong with it
     */
    public static ApprovalRuleContent parse(String content) {
        if (content.length() > MAX_CONTENT) {
            throw new InvalidContent("it is longer than " + MAX_CONTENT + " characters");
        }
        JsonNode rule;
        try {
            rule = JSON.readTree(content);
        } catch (JsonProcessingException e) {
            throw new InvalidContent("it is not JSON");
        }
        if (rule == null || !rule.isObject()) {
            throw new InvalidContent("it is not a JSON object");
        }
        if (!VERSION.equals(rule.path("Version").asText(null))) {
            throw new InvalidContent("Version must be " + VERSION);
        }
        List<String> destinations = new ArrayList<>();
        for (JsonNode reference : array(rule, "DestinationReferences")) {
            if (!reference.isTextual() || !reference.asText().startsWith("refs/heads/")) {
                throw new InvalidContent("DestinationReferences must be full branch names (refs/heads/...)");
            }
            destinations.add(reference.asText());
        }
        List<Statement> statements = new ArrayList<>();
        for (JsonNode statement : array(rule, "Statements")) {
            if (!"Approvers".equals(statement.path("Type").asText(null))) {
                throw new InvalidContent("every statement's Type must be Approvers");
            }
            JsonNode needed = statement.path("NumberOfApprovalsNeeded");
            if (!needed.isInt() || needed.asInt() < 1) {
                throw new InvalidContent("NumberOfApprovalsNeeded must be a whole number of at least 1");
            }
            List<Pattern> pool = new ArrayList<>();
            for (JsonNode member : array(statement, "ApprovalPoolMembers")) {
                if (!member.isTextual() || member.asText().isEmpty()) {
                    throw new InvalidContent("ApprovalPoolMembers must be ARNs");
                }
                pool.add(member(member.asText()));
            }
            statements.add(new Statement(needed.asInt(), List.copyOf(pool)));
        }
        if (statements.isEmpty()) {
            throw new InvalidContent("it needs at least one statement");
        }
        return new ApprovalRuleContent(List.copyOf(destinations), List.copyOf(statements));
    }

    /** Whether the approvals of {@code approvers} (user ARNs) satisfy every statement. */
    public boolean satisfiedBy(Collection<String> approvers) {
        return statements.stream().allMatch(statement -> statement.satisfiedBy(approvers));
    }

    /** Whether a template's rule applies to a pull request into {@code destinationReference}. */
    public boolean appliesTo(String destinationReference) {
        return destinationReferences.isEmpty() || destinationReferences.contains(destinationReference);
    }

    /** CodeCommit's {@code ruleContentSha256}: the SHA-256 of the content as given, in hex. */
    public static String sha256(String content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static Iterable<JsonNode> array(JsonNode parent, String field) {
        JsonNode node = parent.path(field);
        if (node.isMissingNode()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new InvalidContent(field + " must be a list");
        }
        return node;
    }

    /** A pool member as a pattern over approver ARNs. */
    private static Pattern member(String member) {
        String[] shorthand = member.split(":", -1);
        if (shorthand.length == 3 && shorthand[0].equals("CodeCommitApprovers")) {
            String account = Pattern.quote(shorthand[1]);
            String name = glob(shorthand[2]);
            return Pattern.compile("arn:aws:iam::" + account + ":user/(.*/)?" + name + "|arn:aws:sts::" + account
                    + ":assumed-role/[^/]+/" + name);
        }
        return Pattern.compile(glob(member));
    }

    private static String glob(String text) {
        return Arrays.stream(text.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*"));
    }

    /** The content is not a rule CodeCommit's language allows. */
    public static final class InvalidContent extends RuntimeException {

        InvalidContent(String why) {
            super(why);
        }
    }
}
