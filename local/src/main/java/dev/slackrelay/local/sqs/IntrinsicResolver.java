package dev.slackrelay.local.sqs;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Evaluates the intrinsic functions of a parsed template as far as they can be evaluated without a deployment:
 * {@code Ref} to a parameter gives its {@code Default}, pseudo parameters get local values, and {@code Sub},
 * {@code If}, {@code Join}, {@code Select}, {@code Split}, {@code FindInMap}, {@code Equals}, {@code Not},
 * {@code And}, {@code Or}, {@code Condition} are computed. What needs a real stack ({@code Ref} to a resource,
 * {@code GetAtt}, {@code ImportValue}, ...) stays as an {@link Unresolved} value. Not thread-safe.
 */
final class IntrinsicResolver {

    /** The value of {@code !Ref AWS::NoValue}: the enclosing property or list element is removed. */
    static final Object NO_VALUE = new Object() {
        @Override
        public String toString() {
            return "AWS::NoValue";
        }
    };

    /** A value that only a deployed stack could provide. */
    record Unresolved(Intrinsic intrinsic) {
    }

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

    private final Map<String, Object> parameters;
    private final Map<String, Object> mappings;
    private final Map<String, Object> conditions;
    private final String stackName;
    private final String region;
    private final String accountId;

    IntrinsicResolver(Map<?, ?> template, String stackName, String region, String accountId) {
        this.parameters = section(template, "Parameters");
        this.mappings = section(template, "Mappings");
        this.conditions = section(template, "Conditions");
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
                map.forEach((k, v) -> {
                    Object resolved = resolve(v);
                    if (resolved != NO_VALUE) {
                        result.put(String.valueOf(k), resolved);
                    }
                });
                yield result;
            }
            case List<?> list -> {
                List<Object> result = new ArrayList<>();
                for (Object element : list) {
                    Object resolved = resolve(element);
                    if (resolved != NO_VALUE) {
                        result.add(resolved);
                    }
                }
                yield result;
            }
            case null, default -> value;
        };
    }

    /** The resolved value as a string, or {@code null} if it cannot be resolved locally or is not a scalar. */
    String resolveScalar(Object value) {
        return scalar(resolve(value));
    }

    boolean condition(String name) {
        if (!conditions.containsKey(name)) {
            throw new IllegalArgumentException("unknown condition " + name);
        }
        return bool(resolve(conditions.get(name)), "condition " + name);
    }

    static String scalar(Object value) {
        return switch (value) {
            case String s -> s;
            case Boolean b -> b.toString();
            case Integer i -> i.toString();
            case Long l -> l.toString();
            case BigDecimal d -> d.stripTrailingZeros().toPlainString();
            case Double d -> BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
            case Number n -> n.toString();
            case null, default -> null;
        };
    }

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
        Object argument = intrinsic.argument();
        return switch (intrinsic.name()) {
            case "Ref" -> ref(requireScalar(resolve(argument), "Ref"), intrinsic);
            case "Sub" -> sub(argument, intrinsic);
            case "If" -> {
                List<?> args = arguments(argument, 3, "If");
                yield condition(requireScalar(args.get(0), "If")) ? resolve(args.get(1)) : resolve(args.get(2));
            }
            case "Join" -> join(arguments(argument, 2, "Join"), intrinsic);
            case "Select" -> select(arguments(argument, 2, "Select"), intrinsic);
            case "Split" -> {
                List<?> args = arguments(argument, 2, "Split");
                String delimiter = requireScalar(resolve(args.get(0)), "Split");
                String source = scalar(resolve(args.get(1)));
                yield source == null ? new Unresolved(intrinsic) : List.of(source.split(Pattern.quote(delimiter), -1));
            }
            case "FindInMap" -> findInMap(arguments(argument, 3, "FindInMap"), intrinsic);
            case "Equals" -> {
                List<?> args = arguments(argument, 2, "Equals");
                yield java.util.Objects.equals(scalar(resolve(args.get(0))), scalar(resolve(args.get(1))));
            }
            case "Not" -> !bool(resolve(arguments(argument, 1, "Not").get(0)), "Not");
            case "And" -> allOf(argument, true);
            case "Or" -> allOf(argument, false);
            case "Condition" -> condition(requireScalar(argument, "Condition"));
            default -> new Unresolved(intrinsic);
        };
    }

    private Object ref(String name, Intrinsic intrinsic) {
        if (parameters.containsKey(name)) {
            return parameterDefault(name);
        }
        return switch (name) {
            case "AWS::StackName" -> stackName;
            case "AWS::Region" -> region;
            case "AWS::AccountId" -> accountId;
            case "AWS::Partition" -> "aws";
            case "AWS::URLSuffix" -> "amazonaws.com";
            case "AWS::StackId" -> "arn:aws:cloudformation:" + region + ":" + accountId + ":stack/" + stackName + "/local";
            case "AWS::NotificationARNs" -> List.of();
            case "AWS::NoValue" -> NO_VALUE;
            default -> new Unresolved(intrinsic);
        };
    }

    private Object parameterDefault(String name) {
        if (!(parameters.get(name) instanceof Map<?, ?> parameter) || !parameter.containsKey("Default")) {
            throw new IllegalArgumentException("parameter " + name + " has no Default, so it cannot be resolved locally");
        }
        Object value = parameter.get("Default");
        String type = String.valueOf(parameter.get("Type"));
        if (value instanceof String s && (type.equals("CommaDelimitedList") || type.startsWith("List<"))) {
            return List.of(s.split(",", -1)).stream().map(String::trim).toList();
        }
        return value;
    }

    private Object sub(Object argument, Intrinsic intrinsic) {
        String text;
        Map<String, Object> variables = new LinkedHashMap<>();
        if (argument instanceof List<?> args && args.size() == 2) {
            text = requireScalar(args.get(0), "Sub");
            if (!(args.get(1) instanceof Map<?, ?> vars)) {
                throw new IllegalArgumentException("Sub: second argument must be a mapping");
            }
            vars.forEach((k, v) -> variables.put(String.valueOf(k), resolve(v)));
        } else {
            text = requireScalar(argument, "Sub");
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
                Object value = variables.containsKey(variable) ? variables.get(variable)
                        : variable.contains(".") ? null
                        : ref(variable, intrinsic);
                String replacement = scalar(value);
                if (replacement == null) {
                    return new Unresolved(intrinsic);
                }
                out.append(replacement);
            }
            last = matcher.end();
        }
        return out.append(text.substring(last)).toString();
    }

    private Object join(List<?> args, Intrinsic intrinsic) {
        String delimiter = requireScalar(resolve(args.get(0)), "Join");
        if (!(resolve(args.get(1)) instanceof List<?> parts)) {
            return new Unresolved(intrinsic);
        }
        List<String> strings = new ArrayList<>();
        for (Object part : parts) {
            String s = scalar(part);
            if (s == null) {
                return new Unresolved(intrinsic);
            }
            strings.add(s);
        }
        return String.join(delimiter, strings);
    }

    private Object select(List<?> args, Intrinsic intrinsic) {
        int index = Integer.parseInt(requireScalar(resolve(args.get(0)), "Select"));
        if (!(resolve(args.get(1)) instanceof List<?> list)) {
            return new Unresolved(intrinsic);
        }
        if (index < 0 || index >= list.size()) {
            throw new IllegalArgumentException("Select: index " + index + " out of range for " + list);
        }
        return list.get(index);
    }

    private Object findInMap(List<?> args, Intrinsic intrinsic) {
        String mapName = scalar(resolve(args.get(0)));
        String topKey = scalar(resolve(args.get(1)));
        String secondKey = scalar(resolve(args.get(2)));
        if (mapName == null || topKey == null || secondKey == null) {
            return new Unresolved(intrinsic);
        }
        if (mappings.get(mapName) instanceof Map<?, ?> map
                && map.get(topKey) instanceof Map<?, ?> level
                && level.containsKey(secondKey)) {
            return resolve(level.get(secondKey));
        }
        throw new IllegalArgumentException("FindInMap: no " + mapName + "/" + topKey + "/" + secondKey);
    }

    private boolean allOf(Object argument, boolean and) {
        if (!(argument instanceof List<?> args) || args.isEmpty()) {
            throw new IllegalArgumentException((and ? "And" : "Or") + ": expected a list of conditions");
        }
        for (Object arg : args) {
            boolean value = bool(resolve(arg), and ? "And" : "Or");
            if (value != and) {
                return !and;
            }
        }
        return and;
    }

    private static boolean bool(Object value, String where) {
        if (value instanceof Boolean b) {
            return b;
        }
        String s = scalar(value);
        if ("true".equalsIgnoreCase(s) || "false".equalsIgnoreCase(s)) {
            return Boolean.parseBoolean(s);
        }
        throw new IllegalArgumentException(where + ": cannot evaluate " + value + " to true or false locally");
    }

    private static List<?> arguments(Object argument, int count, String function) {
        if (argument instanceof List<?> list && list.size() == count) {
            return list;
        }
        throw new IllegalArgumentException(function + ": expected a list of " + count + " arguments, got " + argument);
    }

    private static String requireScalar(Object value, String function) {
        String s = scalar(value);
        if (s == null) {
            throw new IllegalArgumentException(function + ": expected a plain value, got " + value);
        }
        return s;
    }
}
