# agency-verify: common tasks. `make` alone lists them.
# Extra Maven flags: make test MVN_ARGS='-Dit.test=SomeIT -Dsurefire.failIfNoSpecifiedTests=false'

MVNW     := ./mvnw
MVN_ARGS ?=
# make chaos: how long, how many verifications started per second, which faults (README "Faults under load")
CHAOS_DURATION ?= 10m
CHAOS_RATE     ?= 1
CHAOS_FAULTS   ?=
CHAOS_REPORT   ?= bench/chaos-results.md
DEMO     ?= on
STACK    := scripts/stack.sh

.DEFAULT_GOAL := help
.PHONY: help stack-up stack-down stack-status build run demo dev test openapi bench chaos screenshots

help: ## list the targets
	@echo "agency-verify: make TARGET [MVN_ARGS='extra maven flags']"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-13s %s\n", $$1, $$2}'

stack-up: ## start PostgreSQL, Redis and Keycloak where stopped (installs what is missing)
	$(STACK) up

stack-down: ## stop what stack-up started (never servers it did not start)
	$(STACK) down

stack-status: ## show each server: up/down and who started it
	$(STACK) status

build: ## package the service (no tests) into target/quarkus-app
	@echo "[make] building the service (the first time, Maven downloads its dependencies: a few minutes)"
	scripts/with-progress.sh "[make] build" $(MVNW) -B -ntp package -DskipTests $(MVN_ARGS)

run: stack-up build ## build, run the packaged jar in the foreground and seed demo data (DEMO=off: none)
	@echo "[make] agency-verify listens on http://0.0.0.0:$${QUARKUS_HTTP_PORT:-8080} (health /q/health, metrics /q/metrics)"
	DEMO=$(DEMO) scripts/demo-run.sh

demo: ## with make run up: one whole verification played and explained (portal, agency system, token, revocation)
	scripts/demo-play.py

dev: stack-up ## Quarkus dev mode (live reload) against the local stack
	eval "$$($(STACK) env)" && $(MVNW) quarkus:dev -Dquarkus.analytics.disabled=true $(MVN_ARGS)

test: stack-up node_modules/axe-core/axe.min.js ## THE test command: unit and @QuarkusTest tests in two lanes side by side, then *IT tests against the packaged jar
	MVN_ARGS="$(MVN_ARGS)" scripts/test.sh

# axe-core (accessibility checks of the console's browser tests), from npm at the version package-lock.json pins;
# installed again only when package.json or the lock file changed.
node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

openapi: ## rewrite openapi/ from what the service serves (OpenApiContractTest)
	$(MVNW) -B -q test -Dtest=OpenApiContractTest -Dopenapi.update=true $(MVN_ARGS)

bench: ## wrk: introspection and JWKS vs a trivial endpoint and Keycloak's introspection; appends to bench/results.md
	scripts/bench.sh

screenshots: stack-up node_modules/axe-core/axe.min.js ## the README's console pictures (docs/console/*.png), taken by ReadmeDemoIT from the demo data
	eval "$$($(STACK) test-env)" && $(MVNW) -B verify -Dit.test=ReadmeDemoIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
	  -Dagency-verify.screenshots=$(CURDIR)/docs/console $(MVN_ARGS)

chaos: stack-up ## faults under load (CHAOS_DURATION=10m CHAOS_RATE=1 CHAOS_FAULTS=all kinds); appends to bench/chaos-results.md
	eval "$$($(STACK) test-env)" && $(MVNW) -B verify -Dit.test=ChaosIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
	  -Dchaos.duration=$(CHAOS_DURATION) -Dchaos.rate=$(CHAOS_RATE) -Dchaos.faults=$(CHAOS_FAULTS) -Dchaos.report=$(CHAOS_REPORT) $(MVN_ARGS)
