package dev.slackrelay.local.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class IntrinsicResolverTest {

    private final IntrinsicResolver resolver = new IntrinsicResolver(
            (Map<?, ?>) CloudFormationYaml.load("""
                    Parameters:
                      Env: {Type: String, Default: prod}
                      Subnets: {Type: CommaDelimitedList, Default: 'a, b,c'}
                    Mappings:
                      ByEnv:
                        prod: {Size: 3}
                    Conditions:
                      IsProd: !Equals [!Ref Env, prod]
                      Either: !Or [!Condition IsProd, !Equals [x, y]]
                    """),
            "stack", "eu-west-1", "123456789012");

    private Object resolve(String yaml) {
        return resolver.resolve(CloudFormationYaml.load(yaml));
    }

    @Test
    void substitutesParametersPseudoParametersAndVariablesAndKeepsEscapedLiterals() {
        assertThat(resolve("!Sub '${AWS::StackName}-${Env}-${AWS::Region}-${AWS::AccountId}-${!Keep}'"))
                .isEqualTo("stack-prod-eu-west-1-123456789012-${Keep}");
        assertThat(resolve("!Sub ['${A}/${Env}', {A: !Ref AWS::Partition}]")).isEqualTo("aws/prod");
    }

    @Test
    void leavesResourceReferencesUnresolved() {
        assertThat(resolve("!Sub '${Queue.Arn}'")).isInstanceOf(IntrinsicResolver.Unresolved.class);
        assertThat(resolve("!Ref Queue")).isInstanceOf(IntrinsicResolver.Unresolved.class);
        assertThat(resolve("!GetAtt Queue.Arn")).isEqualTo(
                new IntrinsicResolver.Unresolved(new Intrinsic("GetAtt", "Queue.Arn")));
    }

    @Test
    void evaluatesConditionsAndSelectsTheBranch() {
        assertThat(resolve("!If [IsProd, 20, 0]")).isEqualTo(20);
        assertThat(resolve("!If [Either, up, down]")).isEqualTo("up");
        assertThat(resolve("!Not [!Condition IsProd]")).isEqualTo(false);
        assertThat(resolve("!And [!Condition IsProd, !Equals [1, 1]]")).isEqualTo(true);
    }

    @Test
    void joinsSelectsSplitsAndLooksUpMappings() {
        assertThat(resolve("!Join ['-', [a, !Ref Env, 3]]")).isEqualTo("a-prod-3");
        assertThat(resolve("!Select [1, !Ref Subnets]")).isEqualTo("b");
        assertThat(resolve("!Select [2, !Split [',', 'x,y,z']]")).isEqualTo("z");
        assertThat(resolve("!FindInMap [ByEnv, !Ref Env, Size]")).isEqualTo(3);
    }

    @Test
    void dropsNoValueFromMappingsAndLists() {
        assertThat(resolve("{a: 1, b: !Ref AWS::NoValue}")).isEqualTo(Map.of("a", 1));
        assertThat(resolve("[1, !If [IsProd, !Ref AWS::NoValue, 2], 3]")).isEqualTo(List.of(1, 3));
    }
}
