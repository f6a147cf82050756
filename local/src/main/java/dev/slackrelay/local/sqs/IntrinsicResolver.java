package dev.slackrelay.local.sqs;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Evaluates the intrinsic functions that {@code template.yaml}'s queues use, as far as they can be evaluated without
 * a deployment: {@code Ref} to a parameter gives its {@code Default}, {@code Ref} to a pseudo parameter a local value,
 * and {@code Sub} substitutes both. Everything else ({@code GetAtt}, {@code Ref} to a resource, any other function)
 * stays an {@link Unresolved} value: a queue property that needs one cannot be created locally, and says so. Not
 * thread-safe.
 */
final class IntrinsicResolver {

    /** A value that only a deployed stack (or a function this reader does not evaluate) could provide. */
    record Unresolved(Intrinsic intrinsic) {
    }

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

    private final Map<String, Object> parameters;
    private final String stackName;
    private final String region;
    private final String accountId;

    IntrinsicResolver(Map<?, ?> template, String stackName, String region, String accountId) {
        this.parameters = section(template, "Parameters");
        this.stackName = stackName;
        this.region = region;
        this.accountId = accountId;
    }

    static Map<String, Object> section(Map<?, ?> template, String name) {
        Object value = template.get(name);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("template section " + name + " is not a mapping");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        map.forEach((k, v) -> result.put(String.valueOf(k), v));
        return result;
    }

    Object resolve(Object value) {
        return switch (value) {
            case Intrinsic intrinsic -> apply(intrinsic);
            case Map<?, ?> map when longForm(map) != null -> apply(longForm(map));
            case Map<?, ?> map -> {
                Map<String, Object> result = new LinkedHashMap<>();
                map.forEach((k, v) -> result.put(String.valueOf(k), resolve(v)));
                yield result;
            }
            case List<?> list -> {
                List<Object> result = new ArrayList<>();
                list.forEach(element -> result.add(resolve(element)));
                yield result;
            }
            case null, default -> value;
        };
    }

    static String scalar(Object value) {
        return switch (value) {
            case String s -> s;
            case Boolean b -> b.toString();
            case BigDecimal d -> d.stripTrailingZeros().toPlainString();
            case Double d -> BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
            case Number n -> n.toString();
            case null, default -> null;
        };
    }

    /** {@code {"Ref": X}} and {@code {"Fn::Name": X}}, the JSON spelling of {@code !Ref X} and {@code !Name X}. */
    private static Intrinsic longForm(Map<?, ?> map) {
        if (map.size() != 1) {
            return null;
        }
        Map.Entry<?, ?> entry = map.entrySet().iterator().next();
        String key = String.valueOf(entry.getKey());
        if (key.equals("Ref")) {
            return new Intrinsic("Ref", entry.getValue());
        }
        if (key.startsWith("Fn::")) {
            return new Intrinsic(key.substring("Fn::".length()), entry.getValue());
        }
        return null;
    }

    private Object apply(Intrinsic intrinsic) {
        return switch (intrinsic.name()) {
            case "Ref" -> ref(scalar(intrinsic.argument()), intrinsic);
            case "Sub" -> sub(scalar(intrinsic.argument()), intrinsic);
            default -> new Unresolved(intrinsic);
        };
    }

    private Object ref(String name, Intrinsic intrinsic) {
        if (name != null && parameters.containsKey(name)) {
            if (!(parameters.get(name) instanceof Map<?, ?> parameter) || !parameter.containsKey("Default")) {
                throw new IllegalArgumentException("parameter " + name
                        + " has no Default, so it cannot be resolved locally");
            }
            return parameter.get("Default");
        }
        return switch (name) {
            case "AWS::StackName" -> stackName;
            case "AWS::Region" -> region;
            case "AWS::AccountId" -> accountId;
            case "AWS::Partition" -> "aws";
            case null, default -> new Unresolved(intrinsic);
        };
    }

    /** {@code !Sub 'text'} with {@code ${Parameter}}, {@code ${AWS::...}} and the literal {@code ${!Text}}. */
    private Object sub(String text, Intrinsic intrinsic) {
        if (text == null) {
            return new Unresolved(intrinsic);
        }
        StringBuilder out = new StringBuilder();
        var matcher = SUB_VARIABLE.matcher(text);
        int last = 0;
        while (matcher.find()) {
            out.append(text, last, matcher.start());
            String variable = matcher.group(1);
            if (variable.startsWith("!")) {
                out.append("${").append(variable.substring(1)).append('}');
            } else {
                String replacement = scalar(ref(variable, intrinsic));
                if (replacement == null) {
                    return new Unresolved(intrinsic);
                }
                out.append(replacement);
            }
            last = matcher.end();
        }
        return out.append(text.substring(last)).toString();
    }
}
