{{- define "herald.name" -}}{{ .Release.Name }}-herald{{- end }}

{{- define "herald.labels" -}}
app.kubernetes.io/name: herald
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "herald.secretName" -}}{{ include "herald.name" . }}{{- end }}

{{- define "herald.pgSecret" -}}
{{- if .Values.postgres.existingSecret }}{{ .Values.postgres.existingSecret }}{{ else }}{{ include "herald.name" . }}{{ end }}
{{- end }}

{{/* Temporal's variables: the same names deploy/temporal's files read in every other topology. */}}
{{- define "herald.temporalEnv" -}}
- name: POSTGRES_SEEDS
  value: {{ .Values.postgres.host | quote }}
- name: DB_PORT
  value: {{ .Values.postgres.port | quote }}
- name: POSTGRES_USER
  value: {{ .Values.postgres.user | quote }}
- name: POSTGRES_PWD
  valueFrom:
    secretKeyRef:
      name: {{ include "herald.pgSecret" . }}
      key: password
- name: NUM_HISTORY_SHARDS
  value: {{ .Values.temporal.historyShards | quote }}
- name: PROMETHEUS_ENDPOINT
  value: 0.0.0.0:8000
- name: LOG_LEVEL
  value: {{ .Values.temporal.logLevel | quote }}
{{- end }}

{{/* Herald's variables (core/config.ts), shared by the api and the workers. */}}
{{- define "herald.env" -}}
- name: NODE_ENV
  value: production
- name: POSTGRES_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "herald.pgSecret" . }}
      key: password
- name: DATABASE_URL
  value: postgres://{{ .Values.postgres.user }}:$(POSTGRES_PASSWORD)@{{ .Values.postgres.host }}:{{ .Values.postgres.port }}/{{ .Values.postgres.database }}
- name: TEMPORAL_ADDRESS
  value: {{ include "herald.name" . }}-temporal:7233
- name: TEMPORAL_NAMESPACE
  value: {{ .Values.temporal.namespace | quote }}
- name: TEMPORAL_UI_URL
  value: {{ .Values.temporalUi.url | quote }}
- name: HERALD_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ include "herald.secretName" . }}
      key: herald-secret
- name: SMTP_HOST
  value: {{ .Values.smtp.host | quote }}
- name: SMTP_PORT
  value: {{ .Values.smtp.port | quote }}
- name: SMTP_SECURE
  value: {{ .Values.smtp.secure | quote }}
- name: SMTP_USER
  value: {{ .Values.smtp.user | quote }}
- name: SMTP_PASSWORD
  value: {{ .Values.smtp.password | quote }}
- name: EMAIL_FROM
  value: {{ .Values.smtp.from | quote }}
- name: TRACKING_URL
  value: {{ .Values.api.trackingUrl | quote }}
- name: WEB_URL
  value: {{ .Values.web.url | quote }}
- name: METRICS_HOST
  value: 0.0.0.0
{{- end }}

{{/* Liveness and readiness from the telemetry port (entry/telemetry-server.ts). */}}
{{- define "herald.probes" -}}
livenessProbe:
  httpGet: { path: /health/live, port: metrics }
  periodSeconds: 10
readinessProbe:
  httpGet: { path: /health/ready, port: metrics }
  periodSeconds: 5
{{- end }}
