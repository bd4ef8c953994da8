package io.coffer.console.code;

import io.coffer.console.ConsoleConfig;
import io.coffer.console.aws.InvalidInputException;
import io.coffer.console.session.CurrentSession;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.codecommit.CodeCommitClient;
import software.amazon.awssdk.services.codecommit.model.BranchDoesNotExistException;
import software.amazon.awssdk.services.codecommit.model.Commit;
import software.amazon.awssdk.services.codecommit.model.GetFolderResponse;

/**
 * Browsing a repository: branches, folders, files (highlighted in the browser, images shown, large files streamed),
 * commits with their diffs, and the comparison of two commits — all through the CodeCommit API as the user.
 */
@Path("/code/{name}")
@Produces(MediaType.TEXT_HTML)
public class CodeResource {

    private static final int COMMITS_PER_PAGE = 20;
    private static final Map<String, String> IMAGE_TYPES = Map.of("png", "image/png", "jpg", "image/jpeg",
            "jpeg", "image/jpeg", "gif", "image/gif", "webp", "image/webp", "svg", "image/svg+xml",
            "ico", "image/x-icon", "bmp", "image/bmp");

    private final CurrentSession session;
    private final ConsoleConfig config;
    private final ChangedFiles changes;
    private final Template tree;
    private final Template blob;
    private final Template commits;
    private final Template commit;

    public CodeResource(CurrentSession session, ConsoleConfig config, ChangedFiles changes,
            @Location("code/tree.html") Template tree, @Location("code/blob.html") Template blob,
            @Location("code/commits.html") Template commits, @Location("code/commit.html") Template commit) {
        this.session = session;
        this.config = config;
        this.changes = changes;
        this.tree = tree;
        this.blob = blob;
        this.commits = commits;
        this.commit = commit;
    }

    @GET
    public String home(@PathParam("name") String name, @QueryParam("ref") String ref) {
        return folder(name, ref, "");
    }

    @GET
    @Path("tree")
    public String folder(@PathParam("name") String name, @QueryParam("ref") String ref,
            @QueryParam("path") String path) {
        RepositoryView repository = repository(name, ref);
        if (repository.ref() == null) {
            return tree.data("repository", repository).data("folder", null).data("path", "")
                    .data("crumbs", List.of()).render();
        }
        String folderPath = path == null ? "" : path;
        GetFolderResponse folder = codeCommit().getFolder(r -> r.repositoryName(name)
                .commitSpecifier(repository.ref()).folderPath(folderPath.isEmpty() ? "/" : folderPath));
        return tree.data("repository", repository).data("folder", folder).data("path", folderPath)
                .data("crumbs", crumbs(folderPath)).render();
    }

    @GET
    @Path("blob")
    public String file(@PathParam("name") String name, @QueryParam("ref") String ref,
            @QueryParam("path") String path) {
        String filePath = InvalidInputException.required(path, "path");
        RepositoryView repository = repository(name, ref);
        boolean image = IMAGE_TYPES.containsKey(extension(filePath));
        String text = null;
        String note = null;
        if (!image) {
            // read no more of the file than a page shows: a larger one is offered raw instead
            byte[] content = FileContents.read(() -> FileContents.getFile(session.clients(), name, repository.ref(),
                    filePath), config.inlineFileBytes());
            if (content == null) {
                note = "This file is larger than a page shows (" + config.inlineFileBytes() / 1024 + " KiB).";
            } else if (Diffs.binary(content, new byte[0])) {
                note = "This is a binary file.";
            } else {
                text = new String(content, StandardCharsets.UTF_8);
            }
        }
        return blob.data("repository", repository).data("path", filePath).data("crumbs", crumbs(parent(filePath)))
                .data("fileName", filePath.substring(filePath.lastIndexOf('/') + 1)).data("image", image)
                .data("text", text).data("note", note).data("language", Languages.of(filePath)).render();
    }

    /**
     * The file's bytes as they arrive from repo-service ({@link FileContents}), so a large file is never held whole
     * in the console. Images are served as images (SVG sandboxed); everything else as plain text, or as a download.
     */
    @GET
    @Path("raw")
    @Produces(MediaType.WILDCARD)
    public Response raw(@PathParam("name") String name, @QueryParam("ref") String ref,
            @QueryParam("path") String path, @QueryParam("download") boolean download) {
        String filePath = InvalidInputException.required(path, "path");
        String specifier = ref == null || ref.isBlank() ? repository(name, null).ref() : ref;
        // called here, not in the body: a refusal becomes the error page before any byte is sent
        InputStream answer = FileContents.getFile(session.clients(), name, specifier, filePath);
        StreamingOutput body = out -> {
            try (answer) {
                FileContents.copy(answer, out);
            }
        };
        String fileName = filePath.substring(filePath.lastIndexOf('/') + 1);
        String type = IMAGE_TYPES.getOrDefault(extension(filePath), "text/plain; charset=utf-8");
        Response.ResponseBuilder response = Response.ok(body).type(type)
                .header("X-Content-Type-Options", "nosniff")
                // an SVG (or anything else) opened from here runs no script and reaches nothing
                .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; sandbox");
        if (download) {
            response.type(MediaType.APPLICATION_OCTET_STREAM).header("Content-Disposition",
                    "attachment; filename=\"" + fileName.replaceAll("[^\\w.-]", "_") + "\"");
        }
        return response.build();
    }

    @GET
    @Path("commits")
    public String history(@PathParam("name") String name, @QueryParam("ref") String ref) {
        RepositoryView repository = repository(name, ref);
        List<Commit> log = new ArrayList<>();
        String next = repository.ref() == null ? null : commitId(name, repository.ref());
        while (next != null && log.size() < COMMITS_PER_PAGE) {
            String id = next;
            Commit c = codeCommit().getCommit(r -> r.repositoryName(name).commitId(id)).commit();
            log.add(c);
            next = c.parents().isEmpty() ? null : c.parents().get(0);
        }
        return commits.data("repository", repository).data("commits", log).data("older", next).render();
    }

    @GET
    @Path("commits/{commitId}")
    public String commit(@PathParam("name") String name, @PathParam("commitId") String commitId) {
        RepositoryView repository = repository(name, null);
        Commit c = codeCommit().getCommit(r -> r.repositoryName(name).commitId(commitId)).commit();
        String parent = c.parents().isEmpty() ? null : c.parents().get(0);
        return commit.data("repository", repository).data("commit", c).data("base", parent).data("head", commitId)
                .data("diffs", changes.between(session.clients(), name, parent, commitId)).render();
    }

    @GET
    @Path("compare")
    public String compare(@PathParam("name") String name, @QueryParam("base") String base,
            @QueryParam("head") String head) {
        RepositoryView repository = repository(name, null);
        boolean both = base != null && !base.isBlank() && head != null && !head.isBlank();
        return commit.data("repository", repository).data("commit", null)
                .data("base", base == null ? "" : base.strip()).data("head", head == null ? "" : head.strip())
                .data("diffs", both ? changes.between(session.clients(), name, base.strip(), head.strip()) : List.of())
                .render();
    }

    private RepositoryView repository(String name, String ref) {
        return RepositoryView.load(codeCommit(), name, ref);
    }

    private String commitId(String name, String ref) {
        try {
            return codeCommit().getBranch(r -> r.repositoryName(name).branchName(ref)).branch().commitId();
        } catch (BranchDoesNotExistException e) {
            return ref;
        }
    }

    private CodeCommitClient codeCommit() {
        return session.clients().codeCommit();
    }

    /** The path's folders, each with the path that opens it. */
    static List<Map.Entry<String, String>> crumbs(String path) {
        List<Map.Entry<String, String>> crumbs = new ArrayList<>();
        if (path == null || path.isEmpty()) {
            return crumbs;
        }
        StringBuilder at = new StringBuilder();
        for (String part : path.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            at.append(at.length() == 0 ? "" : "/").append(part);
            crumbs.add(Map.entry(part, at.toString()));
        }
        return crumbs;
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    private static String extension(String path) {
        String file = path.substring(path.lastIndexOf('/') + 1);
        int dot = file.lastIndexOf('.');
        return dot < 0 ? "" : file.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

}
