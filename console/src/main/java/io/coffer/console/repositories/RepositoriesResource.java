package io.coffer.console.repositories;

import io.coffer.console.aws.InvalidInputException;
import io.coffer.console.session.CurrentSession;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import org.jboss.resteasy.reactive.RestForm;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.codecommit.model.RepositoryMetadata;
import software.amazon.awssdk.services.codecommit.model.RepositoryNameIdPair;
import software.amazon.awssdk.services.kms.model.AliasListEntry;

/** Repositories: list, create, settings (description, name, key) and delete, through the CodeCommit API. */
@Path("/repositories")
@Produces(MediaType.TEXT_HTML)
public class RepositoriesResource {

    private final CurrentSession session;
    private final Template list;
    private final Template create;
    private final Template settings;
    private final Template delete;

    public RepositoriesResource(CurrentSession session, @Location("repositories/list.html") Template list,
            @Location("repositories/create.html") Template create,
            @Location("repositories/settings.html") Template settings,
            @Location("repositories/delete.html") Template delete) {
        this.session = session;
        this.list = list;
        this.create = create;
        this.settings = settings;
        this.delete = delete;
    }

    @GET
    public String list() {
        List<RepositoryNameIdPair> repositories = session.clients().codeCommit()
                .listRepositoriesPaginator(r -> { }).repositories().stream()
                .sorted(Comparator.comparing(RepositoryNameIdPair::repositoryName, String.CASE_INSENSITIVE_ORDER))
                .toList();
        return list.data("repositories", repositories).render();
    }

    @GET
    @Path("new")
    public String createForm() {
        return create.data("aliases", customerAliases()).render();
    }

    @POST
    public Response create(@RestForm String repositoryName, @RestForm String description, @RestForm String kmsKeyId) {
        String name = InvalidInputException.required(repositoryName, "repository name");
        RepositoryMetadata created = session.clients().codeCommit().createRepository(r -> r.repositoryName(name)
                .repositoryDescription(blankToNull(description)).kmsKeyId(blankToNull(kmsKeyId)))
                .repositoryMetadata();
        return seeOther("/code/" + created.repositoryName());
    }

    @GET
    @Path("{name}/settings")
    public String settings(@PathParam("name") String name) {
        RepositoryMetadata repository = session.clients().codeCommit().getRepository(r -> r.repositoryName(name))
                .repositoryMetadata();
        return settings.data("repository", repository).data("aliases", customerAliases()).render();
    }

    @POST
    @Path("{name}/description")
    public Response describe(@PathParam("name") String name, @RestForm String description) {
        session.clients().codeCommit().updateRepositoryDescription(r -> r.repositoryName(name)
                .repositoryDescription(description == null ? "" : description));
        return seeOther("/repositories/" + name + "/settings");
    }

    @POST
    @Path("{name}/name")
    public Response rename(@PathParam("name") String name, @RestForm String newName) {
        String to = InvalidInputException.required(newName, "new name");
        session.clients().codeCommit().updateRepositoryName(r -> r.oldName(name).newName(to));
        return seeOther("/repositories/" + to + "/settings");
    }

    @POST
    @Path("{name}/key")
    public Response rekey(@PathParam("name") String name, @RestForm String kmsKeyId) {
        String key = InvalidInputException.required(kmsKeyId, "KMS key");
        session.clients().codeCommit().updateRepositoryEncryptionKey(r -> r.repositoryName(name).kmsKeyId(key));
        return seeOther("/repositories/" + name + "/settings");
    }

    @GET
    @Path("{name}/delete")
    public String deleteForm(@PathParam("name") String name) {
        RepositoryMetadata repository = session.clients().codeCommit().getRepository(r -> r.repositoryName(name))
                .repositoryMetadata();
        return delete.data("repository", repository).render();
    }

    /** Deletes only when the form repeats the repository's name: a mistyped click deletes nothing. */
    @POST
    @Path("{name}/delete")
    public Response delete(@PathParam("name") String name, @RestForm String confirmName) {
        if (!name.equals(confirmName)) {
            throw new InvalidInputException("Type the repository's name, " + name + ", to delete it.");
        }
        session.clients().codeCommit().deleteRepository(r -> r.repositoryName(name));
        return seeOther("/repositories");
    }

    /** The customer keys' aliases the user may list, offered as keys; none if KMS refuses the listing. */
    private List<String> customerAliases() {
        try {
            return session.clients().kms().listAliasesPaginator(r -> { }).aliases().stream()
                    .filter(a -> a.targetKeyId() != null)
                    .map(AliasListEntry::aliasName).sorted().toList();
        } catch (AwsServiceException e) {
            return List.of();
        }
    }


    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static Response seeOther(String path) {
        return Response.seeOther(URI.create(path)).build();
    }
}
