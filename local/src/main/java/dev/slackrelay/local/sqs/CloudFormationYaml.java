package dev.slackrelay.local.sqs;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads CloudFormation/SAM YAML. Plain YAML loaders reject the short-form intrinsic tags ({@code !Ref},
 * {@code !GetAtt}, {@code !Sub}, ...); this one turns every local {@code !Tag} into an {@link Intrinsic}, so a
 * template with any function, known or not, can be read. Not thread-safe (SnakeYAML loaders are not): create one
 * per load.
 */
final class CloudFormationYaml {

    private CloudFormationYaml() {
    }

    static Object load(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        return new Yaml(new IntrinsicConstructor(options)).load(text);
    }

    private static final class IntrinsicConstructor extends SafeConstructor {

        IntrinsicConstructor(LoaderOptions options) {
            super(options);
            // "!" is the prefix of every local tag, so this also covers functions added to CloudFormation later.
            yamlMultiConstructors.put("!", new ConstructIntrinsic());
        }

        private final class ConstructIntrinsic extends AbstractConstruct {
            @Override
            public Object construct(Node node) {
                String name = node.getTag().getValue().substring(1);
                Object argument = switch (node) {
                    case ScalarNode scalar -> constructScalar(scalar);
                    case SequenceNode sequence -> constructSequence(sequence);
                    case MappingNode mapping -> constructMapping(mapping);
                    default -> throw new IllegalArgumentException("unsupported YAML node for !" + name);
                };
                return new Intrinsic(name, argument);
            }
        }
    }
}
