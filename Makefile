# Build manifest for `sam build` (template.yaml: the functions have `Metadata: BuildMethod: makefile`).
#
# SAM runs `make build-<Function>` with ARTIFACTS_DIR set (.aws-sam/build/<Function>), either in a
# scratch copy of the function's CodeUri -- the whole repository, minus .git and .aws-sam -- or, with
# `sam build --build-in-source` (the default in samconfig.toml), in the repository itself. Both hold
# the complete Maven reactor: parent pom, sibling modules and the wrapper. The Java runtime puts
# lib/*.jar on the class path, so the shaded jar goes to $(ARTIFACTS_DIR)/lib/.
#
# RelayFunction runs relay-function's jar; IngestFunction and AlarmFunction both run ingest-function's.
#
# By hand: make build-RelayFunction ARTIFACTS_DIR=$(mktemp -d)

# `sh` so that a copy that lost the executable bit still builds; JDK 25 is found by toolchain discovery.
MVNW ?= sh ./mvnw
MVN_FLAGS ?= -B -q

build-RelayFunction: FUNCTION_MODULE := relay-function
build-RelayFunction: FUNCTION_JAR := relay-function/target/slack-relay-function.jar
build-IngestFunction build-AlarmFunction: FUNCTION_MODULE := ingest-function
build-IngestFunction build-AlarmFunction: FUNCTION_JAR := ingest-function/target/slack-relay-ingest.jar

FUNCTIONS := build-RelayFunction build-IngestFunction build-AlarmFunction

.PHONY: $(FUNCTIONS) lint-template

$(FUNCTIONS):
ifndef ARTIFACTS_DIR
	$(error ARTIFACTS_DIR is not set: run `sam build`, or `make $@ ARTIFACTS_DIR=<dir>`)
endif
	$(MVNW) $(MVN_FLAGS) -pl $(FUNCTION_MODULE) -am package -DskipTests
	test -f "$(FUNCTION_JAR)" || { echo "expected $(FUNCTION_JAR) after the Maven build" >&2; exit 1; }
	rm -rf "$(ARTIFACTS_DIR)/lib"
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp "$(FUNCTION_JAR)" "$(ARTIFACTS_DIR)/lib/"

lint-template:
	cfn-lint template.yaml
