package dev.slackrelay.local.sqs;

/**
 * A CloudFormation intrinsic function as written in a template, before resolution: {@code !Ref X} and
 * {@code {"Ref": "X"}} both become {@code Intrinsic("Ref", "X")}; {@code !GetAtt Q.Arn} becomes
 * {@code Intrinsic("GetAtt", "Q.Arn")}, {@code Fn::GetAtt: [Q, Arn]} becomes {@code Intrinsic("GetAtt", [Q, Arn])}.
 *
 * @param name the function name without {@code !} or {@code Fn::} ({@code Ref}, {@code GetAtt}, {@code Sub}, ...)
 * @param argument the function's argument: a string, list or map as parsed
 */
record Intrinsic(String name, Object argument) {
}
