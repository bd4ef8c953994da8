package io.coffer.aws.identity;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** Where identities come from, and this service's own credentials for calls to other services. */
@ConfigMapping(prefix = "coffer.identity")
public interface IdentityConfig {

    /**
     * The identities file (YAML or JSON): accounts, users, groups, access keys, policies, service principals.
     * Required outside dev and test, where {@link #builtInLocal()} may stand in.
     */
    Optional<Path> file();

    /** Use the built-in local identities (docs/configuration.md) when no file is set: dev and test only. */
    @WithDefault("false")
    boolean builtInLocal();

    /** The key that opens the file's {@code sealedSecret} entries ({@link io.coffer.aws.identity.SealedSecrets}). */
    Optional<Path> secretsKeyFile();

    /** How often the file is checked for changes. */
    @WithDefault("2s")
    Duration reloadInterval();

    /** This service's access key for calls on a user's behalf; a service principal's key in the identities file. */
    Optional<String> serviceAccessKeyId();

    /** Never logged; used only to derive SigV4 signing keys. */
    Optional<String> serviceSecretAccessKey();

    /**
     * The regions a credential scope may name; any other is refused as AWS refuses a region it does not serve. The
     * region becomes part of every ARN, so only names of the form {@code xx-name-9} may be listed. Default: the AWS
     * commercial regions.
     */
    @WithDefault("us-east-1,us-east-2,us-west-1,us-west-2,af-south-1,ap-east-1,ap-east-2,ap-south-1,ap-south-2,"
            + "ap-southeast-1,ap-southeast-2,ap-southeast-3,ap-southeast-4,ap-southeast-5,ap-southeast-7,"
            + "ap-northeast-1,ap-northeast-2,ap-northeast-3,ca-central-1,ca-west-1,eu-central-1,eu-central-2,"
            + "eu-west-1,eu-west-2,eu-west-3,eu-south-1,eu-south-2,eu-north-1,il-central-1,me-south-1,me-central-1,"
            + "mx-central-1,sa-east-1")
    Set<String> regions();
}
