package io.coffer.key.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.coffer.key.keys.KeyMetadata;
import io.coffer.key.keys.KeyResolver;
import io.coffer.key.keys.KmsAlias;
import io.coffer.platform.auth.Caller;
import io.coffer.platform.aws.AwsJsonApi;
import io.coffer.platform.aws.AwsOperation;
import io.coffer.platform.aws.AwsTimestamps;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The KMS operations key-service serves (the KMS issue extends this to the whole key lifecycle). */
@ApplicationScoped
public class KmsApi implements AwsJsonApi {

    private final KeyResolver resolver;
    private final Map<String, AwsOperation<?, ?>> operations;

    public KmsApi(KeyResolver resolver) {
        this.resolver = resolver;
        this.operations = Map.of(
                "DescribeKey", AwsOperation.of("DescribeKey", KeyIdRequest.class, true, this::describeKey),
                "ListAliases", AwsOperation.of("ListAliases", ListAliasesRequest.class, true, this::listAliases));
    }

    public record KeyIdRequest(@JsonProperty("KeyId") String keyId) {
    }

    public record DescribeKeyResponse(@JsonProperty("KeyMetadata") KeyMetadata keyMetadata) {
    }

    public record ListAliasesRequest(@JsonProperty("KeyId") String keyId) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AliasListEntry(@JsonProperty("AliasName") String aliasName,
            @JsonProperty("AliasArn") String aliasArn, @JsonProperty("TargetKeyId") String targetKeyId,
            @JsonProperty("CreationDate") BigDecimal creationDate) {
    }

    public record ListAliasesResponse(@JsonProperty("Aliases") List<AliasListEntry> aliases,
            @JsonProperty("Truncated") boolean truncated) {
    }

    DescribeKeyResponse describeKey(Caller caller, KeyIdRequest request) {
        return new DescribeKeyResponse(KeyMetadata.of(resolver.resolve(caller, request.keyId())));
    }

    ListAliasesResponse listAliases(Caller caller, ListAliasesRequest request) {
        List<KmsAlias> aliases;
        if (request.keyId() != null) {
            aliases = KmsAlias.list("id.accountId = ?1 and id.region = ?2 and keyId = ?3 order by id.aliasName",
                    caller.accountId(), caller.region(), resolver.resolve(caller, request.keyId()).keyId);
        } else {
            aliases = KmsAlias.list("id.accountId = ?1 and id.region = ?2 order by id.aliasName", caller.accountId(),
                    caller.region());
        }
        return new ListAliasesResponse(aliases.stream()
                .map(a -> new AliasListEntry(a.id.aliasName, a.arn(), a.keyId.toString(),
                        AwsTimestamps.epochSeconds(a.creationDate)))
                .toList(), false);
    }

    @Override
    public String targetPrefix() {
        return "TrentService";
    }

    @Override
    public Set<String> signingNames() {
        return Set.of("kms");
    }

    @Override
    public String eventSource() {
        return "kms.amazonaws.com";
    }

    @Override
    public Map<String, AwsOperation<?, ?>> operations() {
        return operations;
    }
}
