{{/* The release's name prefix of every object. */}}
{{- define "profile-bridge.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* The Secret the pods read credentials from: the user's own, or the one this chart makes. */}}
{{- define "profile-bridge.secretName" -}}
{{- .Values.secrets.existingSecret | default (printf "%s-credentials" (include "profile-bridge.fullname" .)) -}}
{{- end -}}

{{/* Labels of a component; called with (dict "root" $ "component" name). */}}
{{- define "profile-bridge.selectorLabels" -}}
app.kubernetes.io/name: profile-bridge
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "profile-bridge.labels" -}}
{{ include "profile-bridge.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- end -}}

{{- define "profile-bridge.tokenServiceUrl" -}}
http://{{ include "profile-bridge.fullname" . }}-token-service:{{ .Values.tokenService.port }}
{{- end -}}

{{- define "profile-bridge.issuer" -}}
{{- .Values.tokenService.issuer | default (include "profile-bridge.tokenServiceUrl" .) -}}
{{- end -}}

{{/* An environment variable from a key of the credentials Secret; called with (list $ name key optional). */}}
{{- define "profile-bridge.secretEnv" -}}
- name: {{ index . 1 }}
  valueFrom:
    secretKeyRef:
      name: {{ include "profile-bridge.secretName" (index . 0) }}
      key: {{ index . 2 }}
      optional: {{ index . 3 }}
{{- end -}}

{{/* What every service reads: Kafka and PostgreSQL (service-commons). */}}
{{- define "profile-bridge.env.infrastructure" -}}
- name: PB_KAFKA_BOOTSTRAP_SERVERS
  value: {{ .Values.kafka.bootstrapServers | quote }}
- name: PB_DB_HOST
  value: {{ .Values.postgresql.host | quote }}
- name: PB_DB_PORT
  value: {{ .Values.postgresql.port | quote }}
- name: PB_DB_NAME
  value: {{ .Values.postgresql.database | quote }}
- name: PB_DB_USER
  value: {{ .Values.postgresql.user | quote }}
{{ include "profile-bridge.secretEnv" (list . "PB_DB_PASSWORD" "db-password" false) }}
{{- end -}}

{{- define "profile-bridge.env.token-service" -}}
- name: PB_TOKEN_ISSUER
  value: {{ include "profile-bridge.issuer" . | quote }}
- name: PB_TOKEN_AUDIENCE
  value: {{ .Values.tokenService.audience | quote }}
- name: PB_TOKEN_TRUSTED_PROXIES
  value: {{ join "," .Values.tokenService.trustedProxies | quote }}
{{ include "profile-bridge.secretEnv" (list . "PB_TOKEN_KEY_ENCRYPTION_KEY" "token-key-encryption-key" false) }}
{{ include "profile-bridge.secretEnv" (list . "PB_BOOTSTRAP_ADMIN_CLIENT_ID" "bootstrap-admin-client-id" true) }}
{{ include "profile-bridge.secretEnv" (list . "PB_BOOTSTRAP_ADMIN_CLIENT_SECRET" "bootstrap-admin-client-secret" true) }}
{{- end -}}

{{/* What a service that checks token-service's tokens needs: ingest-service, and the connectors' /ops API (the
revocation settings are under ingestService.revocation, and apply to all three). */}}
{{- define "profile-bridge.env.tokenCheck" -}}
- name: PB_TOKEN_ISSUER
  value: {{ include "profile-bridge.issuer" . | quote }}
- name: PB_TOKEN_AUDIENCE
  value: {{ .Values.tokenService.audience | quote }}
- name: PB_TOKEN_JWKS_URL
  value: {{ printf "%s/.well-known/jwks.json" (include "profile-bridge.tokenServiceUrl" .) | quote }}
- name: PB_TOKEN_REVOCATIONS_URL
  value: {{ printf "%s/oauth/revocations" (include "profile-bridge.tokenServiceUrl" .) | quote }}
- name: PB_TOKEN_REVOCATIONS_POLL_INTERVAL
  value: {{ .Values.ingestService.revocation.pollInterval | quote }}
- name: PB_TOKEN_REVOCATIONS_MAX_STALENESS
  value: {{ .Values.ingestService.revocation.maxStaleness | quote }}
{{- end -}}

{{/* Tracing (OpenTelemetry), on when tracing.otlpEndpoint names a collector: ingest-service and the connectors. */}}
{{- define "profile-bridge.env.tracing" -}}
{{- if .Values.tracing.otlpEndpoint }}
- name: QUARKUS_OTEL_SDK_DISABLED
  value: "false"
- name: QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ .Values.tracing.otlpEndpoint | quote }}
{{- end }}
{{- end -}}

{{- define "profile-bridge.env.ingest-service" -}}
{{ include "profile-bridge.env.tokenCheck" . }}
{{ include "profile-bridge.env.tracing" . }}
- name: PB_TOPIC_MARKETING
  value: {{ .Values.ingestService.topics.marketing | quote }}
- name: PB_TOPIC_SERVICE
  value: {{ .Values.ingestService.topics.service | quote }}
# A profile topic ingest-service creates gets the partitions KEDA's cap and Strimzi's KafkaTopic count on.
- name: INGEST_TOPICS_PARTITIONS
  value: {{ .Values.kafka.topics.partitions | quote }}
- name: INGEST_TOPICS_REPLICATION_FACTOR
  value: {{ .Values.kafka.topics.replicationFactor | quote }}
{{- end -}}

{{/* A connector's SAP settings; called with (list $ settings variablePrefix secretKeyPrefix). */}}
{{- define "profile-bridge.env.sapTarget" -}}
{{- $root := index . 0 -}}{{- $settings := index . 1 -}}{{- $prefix := index . 2 -}}{{- $key := index . 3 -}}
- name: {{ $prefix }}_URL
  value: {{ $settings.url | quote }}
- name: {{ $prefix }}_USER
  value: {{ $settings.user | quote }}
- name: {{ $prefix }}_AUTH
  value: {{ $settings.auth | quote }}
- name: {{ $prefix }}_MAX_IN_FLIGHT
  value: {{ $settings.maxInFlight | quote }}
- name: {{ $prefix }}_BATCH_SIZE
  value: {{ $settings.batchSize | quote }}
{{- if eq $settings.auth "oauth2" }}
- name: {{ $prefix }}_OAUTH_SERVER
  value: {{ required (printf "%s: oauth.server is required with auth oauth2" $key) $settings.oauth.server | quote }}
{{- end }}
- name: {{ $prefix }}_OAUTH_TOKEN_PATH
  value: {{ $settings.oauth.tokenPath | quote }}
- name: {{ $prefix }}_OAUTH_CLIENT_ID
  value: {{ $settings.oauth.clientId | quote }}
{{ include "profile-bridge.secretEnv" (list $root (printf "%s_PASSWORD" $prefix) (printf "%s-password" $key) true) }}
{{ include "profile-bridge.secretEnv" (list $root (printf "%s_OAUTH_CLIENT_SECRET" $prefix) (printf "%s-oauth-client-secret" $key) true) }}
{{- end -}}

{{- define "profile-bridge.env.marketing-connector" -}}
{{ include "profile-bridge.env.tokenCheck" . }}
{{ include "profile-bridge.env.tracing" . }}
- name: PB_TOPIC_MARKETING
  value: {{ .Values.ingestService.topics.marketing | quote }}
{{ include "profile-bridge.env.sapTarget" (list . .Values.marketingConnector "PB_MARKETING" "marketing") }}
- name: PB_MARKETING_SOURCE_SYSTEM_TYPE
  value: {{ .Values.marketingConnector.sourceSystemType | quote }}
- name: PB_MARKETING_SOURCE_SYSTEM_ID
  value: {{ .Values.marketingConnector.sourceSystemId | quote }}
{{- end -}}

{{- define "profile-bridge.env.service-connector" -}}
{{ include "profile-bridge.env.tokenCheck" . }}
{{ include "profile-bridge.env.tracing" . }}
- name: PB_TOPIC_SERVICE
  value: {{ .Values.ingestService.topics.service | quote }}
{{ include "profile-bridge.env.sapTarget" (list . .Values.serviceConnector "PB_C4C" "c4c") }}
{{- end -}}

{{/* A service's in-cluster URL; called with (list $ component port). */}}
{{- define "profile-bridge.serviceUrl" -}}
http://{{ include "profile-bridge.fullname" (index . 0) }}-{{ index . 1 }}:{{ index . 2 }}
{{- end -}}

{{/* An image of this chart's registry and tag; called with (list $ name). */}}
{{- define "profile-bridge.image" -}}
{{- $root := index . 0 -}}
{{- printf "%s%s%s:%s" ($root.Values.image.registry | default "" | trimSuffix "/" | printf "%s/" | trimPrefix "/") $root.Values.image.repositoryPrefix (index . 1) ($root.Values.image.tag | default $root.Chart.AppVersion) -}}
{{- end -}}

{{/* The four services: their component name and the key of their values. */}}
{{- define "profile-bridge.components" -}}
token-service: tokenService
ingest-service: ingestService
marketing-connector: marketingConnector
service-connector: serviceConnector
{{- end -}}

{{/* The connectors: their values' key, their route (ingestService.topics), and their consumer group, which is their
connector.name (connector-core's mp.messaging.incoming.profiles.group.id). */}}
{{- define "profile-bridge.connectors" -}}
marketing-connector: {key: marketingConnector, route: marketing, consumerGroup: marketing-connector}
service-connector: {key: serviceConnector, route: service, consumerGroup: service-connector}
{{- end -}}

{{/* The pods' grace period: refused unless it outlasts preStop's sleep and Quarkus' shutdown timeout together. */}}
{{- define "profile-bridge.terminationGracePeriodSeconds" -}}
{{- $pod := .Values.pod -}}
{{- if le (int $pod.terminationGracePeriodSeconds) (add $pod.preStopSleepSeconds $pod.shutdownTimeoutSeconds | int) -}}
{{- fail (printf "pod.terminationGracePeriodSeconds (%d) must exceed pod.preStopSleepSeconds + pod.shutdownTimeoutSeconds (%d)" (int $pod.terminationGracePeriodSeconds) (add $pod.preStopSleepSeconds $pod.shutdownTimeoutSeconds | int)) -}}
{{- end -}}
{{- $pod.terminationGracePeriodSeconds -}}
{{- end -}}
