{{/*
Names, labels and the pod spec shared by the Deployment, the migration Job and the CronJobs.
Every pod of the release runs the same image with the same config and secret files, so what the
server validated at start is exactly what the Jobs see.
*/}}

{{- define "opsenic.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "opsenic.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "opsenic.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "opsenic.selectorLabels" -}}
app.kubernetes.io/name: {{ include "opsenic.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "opsenic.labels" -}}
helm.sh/chart: {{ include "opsenic.chart" . }}
{{ include "opsenic.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: opsenic
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "opsenic.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "opsenic.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "opsenic.image" -}}
{{- $repo := .Values.image.repository -}}
{{- /* global.imageRegistry (a private mirror, as in Bitnami's charts) wins over image.registry. */ -}}
{{- $registry := default .Values.image.registry (.Values.global | default dict).imageRegistry -}}
{{- if $registry -}}{{- $repo = printf "%s/%s" $registry .Values.image.repository -}}{{- end -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" $repo .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" $repo (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}
{{- end -}}

{{/* Guards: refuse values that cannot work, with a message that says the fix. */}}
{{- define "opsenic.validate" -}}
{{- if eq .Values.database.type "sqlite" -}}
{{- if gt (int .Values.replicaCount) 1 -}}
{{- fail (printf "\n\ndatabase.type=sqlite runs exactly one replica, but replicaCount=%d.\nSQLite is one file on a ReadWriteOnce volume: two servers would corrupt it or fail to lock it.\nFix: set replicaCount=1, or use PostgreSQL (database.type=postgres) to run several replicas.\n" (int .Values.replicaCount)) -}}
{{- end -}}
{{- if .Values.autoscaling.enabled -}}
{{- fail "\n\ndatabase.type=sqlite runs exactly one replica, so autoscaling.enabled=true cannot work.\nFix: set autoscaling.enabled=false, or use PostgreSQL (database.type=postgres) to run several replicas.\n" -}}
{{- end -}}
{{- else -}}
{{- $pg := .Values.database.postgres -}}
{{- if not $pg.existingSecretUrlKey -}}
{{- if not $pg.host -}}
{{- fail "\n\ndatabase.type=postgres needs database.postgres.host (or database.postgres.existingSecret with existingSecretUrlKey holding the whole URL).\n" -}}
{{- end -}}
{{- if and (not $pg.existingSecret) (not $pg.password) -}}
{{- fail "\n\ndatabase.type=postgres needs the database password: set database.postgres.existingSecret (a Secret with the key database.postgres.existingSecretPasswordKey), or database.postgres.password.\n" -}}
{{- end -}}
{{- else if not $pg.existingSecret -}}
{{- fail "\n\ndatabase.postgres.existingSecretUrlKey names a key of database.postgres.existingSecret, which is empty.\n" -}}
{{- end -}}
{{- end -}}
{{- if and .Values.smtp.existingSecretUrlKey (not .Values.smtp.existingSecret) -}}
{{- fail "\n\nsmtp.existingSecretUrlKey names a key of smtp.existingSecret, which is empty.\n" -}}
{{- end -}}
{{- range .Values.secretConfig -}}
{{- if and (not .value) (not .existingSecret) -}}
{{- fail (printf "\n\nsecretConfig entry %q needs either value or existingSecret.\n" .key) -}}
{{- end -}}
{{- end -}}
{{- if and .Values.autoscaling.enabled (lt (int .Values.autoscaling.maxReplicas) (int .Values.autoscaling.minReplicas)) -}}
{{- fail "\n\nautoscaling.maxReplicas must be at least autoscaling.minReplicas.\n" -}}
{{- end -}}
{{- include "opsenic.validateSecretsOutsideConfig" . -}}
{{- include "opsenic.validateExposure" . -}}
{{- end -}}

{{/* The OPSENIC_<KEY>_FILE variable for a config key path: oidc.providers.acme.clientSecret -> OPSENIC_OIDC__PROVIDERS__ACME__CLIENT_SECRET_FILE */}}
{{- define "opsenic.envFileName" -}}
{{- $parts := list -}}
{{- range (splitList "." .) -}}{{- $parts = append $parts (snakecase . | upper) -}}{{- end -}}
{{- printf "OPSENIC_%s_FILE" (join "__" $parts) -}}
{{- end -}}

{{/* Fixed paths inside every pod. */}}
{{- define "opsenic.paths" -}}
config: /etc/opsenic/config/config.yaml
secrets: /etc/opsenic/secrets
runtime: /run/opsenic
data: /data
backups: /backups
{{- end -}}

{{/* The generated Secret's data (before base64): kept stable across upgrades by lookup, computed once per render. */}}
{{- define "opsenic.generatedSecretData" -}}
{{- if not (hasKey .Values "__opsenicGenerated") -}}
{{- $existing := dict -}}
{{- $found := lookup "v1" "Secret" .Release.Namespace (include "opsenic.fullname" .) -}}
{{- if $found -}}{{- $existing = default (dict) $found.data -}}{{- end -}}
{{- $data := dict -}}
{{- if not .Values.secretKey.existingSecret -}}
{{- $key := "" -}}
{{- if hasKey $existing "secret-key" -}}{{- $key = index $existing "secret-key" | b64dec -}}{{- else -}}{{- $key = randAlphaNum 64 -}}{{- end -}}
{{- $_ := set $data "secret-key" $key -}}
{{- end -}}
{{- if and (eq .Values.database.type "postgres") (not .Values.database.postgres.existingSecret) -}}
{{- $_ := set $data "database-password" .Values.database.postgres.password -}}
{{- end -}}
{{- if and .Values.smtp.host (not .Values.smtp.existingSecret) .Values.smtp.password -}}
{{- $_ := set $data "smtp-password" .Values.smtp.password -}}
{{- end -}}
{{- range $i, $item := .Values.secretConfig -}}
{{- if not $item.existingSecret -}}
{{- $_ := set $data (printf "config-%d" $i) $item.value -}}
{{- end -}}
{{- end -}}
{{- $_ := set .Values "__opsenicGenerated" $data -}}
{{- end -}}
{{- toYaml (get .Values "__opsenicGenerated") -}}
{{- end -}}

{{/*
Where each secret comes from, as a list of {file, secret, key, env, compose}. One projected volume
puts them all under /etc/opsenic/secrets; the server reads them through OPSENIC_<KEY>_FILE.
A password given alone is put into its URL by the compose-urls init container (URL-encoded), which
writes the URL under /run/opsenic.
*/}}
{{- define "opsenic.secretFiles" -}}
{{- $generated := include "opsenic.fullname" . -}}
{{- $files := list -}}
{{- if .Values.secretKey.existingSecret -}}
{{- $files = append $files (dict "file" "secret-key" "secret" .Values.secretKey.existingSecret "key" .Values.secretKey.existingSecretKey "env" "OPSENIC_SECRET_KEY_FILE") -}}
{{- else -}}
{{- $files = append $files (dict "file" "secret-key" "secret" $generated "key" "secret-key" "env" "OPSENIC_SECRET_KEY_FILE") -}}
{{- end -}}
{{- if eq .Values.database.type "postgres" -}}
{{- $pg := .Values.database.postgres -}}
{{- if $pg.existingSecretUrlKey -}}
{{- $files = append $files (dict "file" "database-url" "secret" $pg.existingSecret "key" $pg.existingSecretUrlKey "env" "OPSENIC_DATABASE_URL_FILE") -}}
{{- else -}}
{{- $url := printf "postgres://%s:{password}@%s:%d/%s?sslmode=%s" (urlquery $pg.user) $pg.host (int $pg.port) (urlquery $pg.database) $pg.sslmode -}}
{{- $files = append $files (dict "file" "database-password" "secret" (default $generated $pg.existingSecret) "key" (ternary $pg.existingSecretPasswordKey "database-password" (not (empty $pg.existingSecret))) "env" "OPSENIC_DATABASE_URL_FILE" "compose" (dict "out" "database-url" "template" $url)) -}}
{{- end -}}
{{- end -}}
{{- $smtp := .Values.smtp -}}
{{- if $smtp.existingSecretUrlKey -}}
{{- $files = append $files (dict "file" "smtp-url" "secret" $smtp.existingSecret "key" $smtp.existingSecretUrlKey "env" "OPSENIC_MAIL__SMTP_URL_FILE") -}}
{{- else if and $smtp.host (or $smtp.existingSecret $smtp.password) -}}
{{- $url := printf "%s://%s:{password}@%s:%d" (ternary "smtps" "smtp" $smtp.secure) (urlquery $smtp.user) $smtp.host (int $smtp.port) -}}
{{- $files = append $files (dict "file" "smtp-password" "secret" (default $generated $smtp.existingSecret) "key" (ternary $smtp.existingSecretPasswordKey "smtp-password" (not (empty $smtp.existingSecret))) "env" "OPSENIC_MAIL__SMTP_URL_FILE" "compose" (dict "out" "smtp-url" "template" $url)) -}}
{{- end -}}
{{- range $i, $item := .Values.secretConfig -}}
{{- $files = append $files (dict "file" (printf "config-%d" $i) "secret" (default $generated $item.existingSecret) "key" (ternary $item.secretKey (printf "config-%d" $i) (not (empty $item.existingSecret))) "env" (include "opsenic.envFileName" $item.key)) -}}
{{- end -}}
{{- toYaml (dict "files" $files) -}}
{{- end -}}

{{/* The config.yaml of the ConfigMap: the chart's own keys, then values.config, then the keys the chart must own. */}}
{{- define "opsenic.configYaml" -}}
{{- $paths := include "opsenic.paths" . | fromYaml -}}
{{- $base := dict "env" "production" -}}
{{- if .Values.ingress.enabled -}}
{{- $_ := set $base "server" (dict "trustProxy" 1) -}}
{{- end -}}
{{- $config := mustMergeOverwrite $base (deepCopy .Values.config) -}}
{{- $owned := dict "dataDir" $paths.data -}}
{{- $server := dict "host" "0.0.0.0" "port" (int .Values.containerPorts.http) "shutdownTimeout" (printf "%ds" (int .Values.shutdown.drainSeconds)) -}}
{{- if and .Values.ingress.enabled .Values.ingress.hosts (not (and .Values.config.server .Values.config.server.publicUrl)) -}}
{{- $_ := set $server "publicUrl" (printf "%s://%s" (ternary "https" "http" .Values.ingress.tls.enabled) (first .Values.ingress.hosts)) -}}
{{- end -}}
{{- $_ := set $owned "server" $server -}}
{{- $database := dict -}}
{{- if eq .Values.database.type "sqlite" -}}
{{- $_ := set $database "url" (printf "sqlite:%s/opsenic.sqlite" $paths.data) -}}
{{- $_ := set $database "migrateOnStart" "auto" -}}
{{- else -}}
{{- $_ := set $database "migrateOnStart" (ternary "never" "always" .Values.migrations.hook.enabled) -}}
{{- end -}}
{{- $_ := set $owned "database" $database -}}
{{- $_ := set $owned "metrics" (dict "enabled" .Values.metrics.enabled "port" (ternary (int .Values.containerPorts.metrics) 0 .Values.metrics.enabled)) -}}
{{- if .Values.retention.cronJob.enabled -}}
{{- $_ := set $owned "retention" (dict "schedule" (dict "enabled" false)) -}}
{{- end -}}
{{- $config = mustMergeOverwrite $config $owned -}}
{{- toYaml $config -}}
{{- end -}}

{{/*
The pod spec shared by every workload. Call with (dict "root" $ "args" (list ...) "name" "opsenic"
"generatedSecret" name "configMap" name "component" "server" "probes" true "backups" false).
*/}}
{{- define "opsenic.podSpec" -}}
{{- $root := .root -}}
{{- $v := $root.Values -}}
{{- $paths := include "opsenic.paths" $root | fromYaml -}}
{{- $files := (include "opsenic.secretFiles" $root | fromYaml).files -}}
{{- $composed := list -}}
{{- range $files -}}{{- if .compose -}}{{- $composed = append $composed . -}}{{- end -}}{{- end -}}
{{- $bySecret := dict -}}
{{- range $files -}}
{{- $name := .secret -}}
{{- if eq $name (include "opsenic.fullname" $root) -}}{{- $name = $.generatedSecret -}}{{- end -}}
{{- $items := default (list) (get $bySecret $name) -}}
{{- $_ := set $bySecret $name (append $items (dict "key" .key "path" .file)) -}}
{{- end -}}
serviceAccountName: {{ .serviceAccountName | default (include "opsenic.serviceAccountName" $root) }}
automountServiceAccountToken: false
enableServiceLinks: false
{{- with $v.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  {{- toYaml $v.podSecurityContext | nindent 2 }}
{{- $inherited := include "opsenic.podInherited" (dict "root" $root "job" .job) | fromYaml }}
{{- with $inherited.priorityClassName }}
priorityClassName: {{ . }}
{{- end }}
{{- with $inherited.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $inherited.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- if and .coLocate (eq $v.database.type "sqlite") }}
{{- /* On SQLite a Job must run on the node that holds the volume: only the node affinity is inherited. */}}
affinity:
  {{- with $inherited.affinity.nodeAffinity }}
  nodeAffinity:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  podAffinity:
    requiredDuringSchedulingIgnoredDuringExecution:
      - topologyKey: kubernetes.io/hostname
        labelSelector:
          matchLabels:
            {{- include "opsenic.selectorLabels" $root | nindent 12 }}
            app.kubernetes.io/component: server
{{- else if $inherited.affinity }}
affinity:
  {{- toYaml $inherited.affinity | nindent 2 }}
{{- end }}
{{- if and .probes $v.topologySpreadConstraints }}
topologySpreadConstraints:
  {{- toYaml $v.topologySpreadConstraints | nindent 2 }}
{{- end }}
{{- if .probes }}
terminationGracePeriodSeconds: {{ add $v.shutdown.preStopSleepSeconds $v.shutdown.drainSeconds 5 }}
{{- else }}
restartPolicy: Never
{{- end }}
{{- if or $composed (and .probes $v.initContainers) }}
initContainers:
{{- if $composed }}
  - name: compose-urls
    image: {{ include "opsenic.image" $root }}
    imagePullPolicy: {{ $v.image.pullPolicy }}
    # Puts each password given alone into its URL, URL-encoded, on a memory-backed volume.
    command:
      - node
      - -e
      - |
        const fs = require('node:fs');
        const [dir, ...triples] = process.argv.slice(1);
        for (let i = 0; i < triples.length; i += 3) {
          const [out, template, passwordFile] = triples.slice(i, i + 3);
          const password = fs.readFileSync(passwordFile, 'utf8').replace(/\r?\n$/, '');
          fs.writeFileSync(dir + '/' + out, template.replace('{password}', encodeURIComponent(password)), { mode: 0o600 });
        }
      - {{ $paths.runtime }}
      {{- range $composed }}
      - {{ .compose.out }}
      - {{ .compose.template | quote }}
      - {{ printf "%s/%s" $paths.secrets .file }}
      {{- end }}
    securityContext:
      {{- toYaml $v.containerSecurityContext | nindent 6 }}
    resources:
      {{- toYaml $v.initResources | nindent 6 }}
    volumeMounts:
      - name: secrets
        mountPath: {{ $paths.secrets }}
        readOnly: true
      - name: runtime
        mountPath: {{ $paths.runtime }}
{{- end }}
{{- if .probes }}
{{- with $v.initContainers }}
  {{- tpl (toYaml .) $root | nindent 2 }}
{{- end }}
{{- end }}
{{- end }}
containers:
  - name: {{ .name }}
    image: {{ include "opsenic.image" $root }}
    imagePullPolicy: {{ $v.image.pullPolicy }}
    command:
      {{- toYaml (default (list "opsenic") .command) | nindent 6 }}
    {{- with .args }}
    args:
      {{- toYaml . | nindent 6 }}
    {{- end }}
    env:
      - name: OPSENIC_CONFIG
        value: {{ $paths.config }}
      {{- range $files }}
      - name: {{ .env }}
        value: {{ ternary (printf "%s/%s" $paths.runtime (.compose | default dict).out) (printf "%s/%s" $paths.secrets .file) (not (empty .compose)) }}
      {{- end }}
      {{- with $v.extraEnv }}
      {{- toYaml . | nindent 6 }}
      {{- end }}
    {{- with $v.extraEnvFrom }}
    envFrom:
      {{- toYaml . | nindent 6 }}
    {{- end }}
    {{- if .probes }}
    ports:
      - name: http
        containerPort: {{ $v.containerPorts.http }}
        protocol: TCP
      {{- if $v.metrics.enabled }}
      - name: metrics
        containerPort: {{ $v.containerPorts.metrics }}
        protocol: TCP
      {{- end }}
    startupProbe:
      httpGet:
        path: /healthz
        port: http
      periodSeconds: {{ $v.startupProbe.periodSeconds }}
      failureThreshold: {{ $v.startupProbe.failureThreshold }}
      timeoutSeconds: {{ $v.startupProbe.timeoutSeconds }}
    livenessProbe:
      httpGet:
        path: /healthz
        port: http
      periodSeconds: {{ $v.livenessProbe.periodSeconds }}
      failureThreshold: {{ $v.livenessProbe.failureThreshold }}
      timeoutSeconds: {{ $v.livenessProbe.timeoutSeconds }}
    readinessProbe:
      httpGet:
        path: /readyz
        port: http
      periodSeconds: {{ $v.readinessProbe.periodSeconds }}
      failureThreshold: {{ $v.readinessProbe.failureThreshold }}
      timeoutSeconds: {{ $v.readinessProbe.timeoutSeconds }}
    lifecycle:
      preStop:
        # Lets endpoints and the ingress controller stop sending traffic before the server drains.
        exec:
          command: ["sleep", "{{ $v.shutdown.preStopSleepSeconds }}"]
    {{- end }}
    securityContext:
      {{- toYaml $v.containerSecurityContext | nindent 6 }}
    resources:
      {{- toYaml .resources | nindent 6 }}
    volumeMounts:
      - name: config
        mountPath: {{ dir $paths.config }}
        readOnly: true
      - name: secrets
        mountPath: {{ $paths.secrets }}
        readOnly: true
      {{- if $composed }}
      - name: runtime
        mountPath: {{ $paths.runtime }}
        readOnly: true
      {{- end }}
      - name: tmp
        mountPath: /tmp
      - name: data
        mountPath: {{ $paths.data }}
      {{- if .backups }}
      - name: backups
        mountPath: {{ $paths.backups }}
      {{- end }}
      {{- with $v.extraVolumeMounts }}
      {{- toYaml . | nindent 6 }}
      {{- end }}
{{- if .probes }}
{{- with $v.extraContainers }}
  {{- tpl (toYaml .) $root | nindent 2 }}
{{- end }}
{{- end }}
volumes:
  - name: config
    configMap:
      name: {{ .configMap }}
  - name: secrets
    projected:
      defaultMode: 0440
      sources:
        {{- range $name, $items := $bySecret }}
        - secret:
            name: {{ $name }}
            items:
              {{- toYaml $items | nindent 14 }}
        {{- end }}
  {{- if $composed }}
  - name: runtime
    emptyDir:
      medium: Memory
      sizeLimit: 1Mi
  {{- end }}
  - name: tmp
    emptyDir:
      sizeLimit: {{ $v.tmpSizeLimit }}
  - name: data
    {{- if and (eq $v.database.type "sqlite") $v.persistence.enabled }}
    persistentVolumeClaim:
      claimName: {{ default (printf "%s-data" (include "opsenic.fullname" $root)) $v.persistence.existingClaim }}
    {{- else }}
    emptyDir: {}
    {{- end }}
  {{- if .backups }}
  - name: backups
    persistentVolumeClaim:
      claimName: {{ default (printf "%s-backups" (include "opsenic.fullname" $root)) $v.backup.persistence.existingClaim }}
  {{- end }}
  {{- with $v.extraVolumes }}
  {{- toYaml . | nindent 2 }}
  {{- end }}
{{- end -}}
