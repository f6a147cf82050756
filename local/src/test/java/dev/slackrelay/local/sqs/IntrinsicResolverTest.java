package dev.slackrelay.local.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class IntrinsicResolverTest {

    private final IntrinsicResolver resolver = new IntrinsicResolver(
            (Map<?, ?>) CloudFormationYaml.load("""
                    Parameters:
                      Env: {Type: String, Default: prod}
                    """),
            "stack", "eu-west-1", "123456789012");

    private Object resolve(String yaml) {
        return resolver.resolve(CloudFormationYaml.load(yaml));
    }

    @Test
    void substitutesParametersPseudoParametersAndVariablesAndKeepsEscapedLiterals() {
        assertThat(resolve("!Sub '${AWS::StackName}-${Env}-${AWS::Region}-${AWS::AccountId}-${!Keep}'"))
                .isEqualTo("stack-prod-eu-west-1-123456789012-${Keep}");
        assertThat(resolve("{Fn::Sub: '${AWS::Partition}/${Env}'}")).isEqualTo("aws/prod");
    }

    @Test
    void leavesResourceReferencesUnresolved() {
        assertThat(resolve("!Sub '${Queue.Arn}'")).isInstanceOf(IntrinsicResolver.Unresolved.class);
        assertThat(resolve("!Ref Queue")).isInstanceOf(IntrinsicResolver.Unresolved.class);
        assertThat(resolve("!If [IsProd, 20, 0]")).isInstanceOf(IntrinsicResolver.Unresolved.class);
        assertThat(resolve("!GetAtt Queue.Arn")).isEqualTo(
                new IntrinsicResolver.Unresolved(new Intrinsic("GetAtt", "Queue.Arn")));
    }
}
