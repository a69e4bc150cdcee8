{{/*
More guards (called from opsenic.validate): values that would render but not work, or would put a
secret where it does not belong. Each message names the value, why, and the fix.
*/}}

{{/*
`config` is written as is into a ConfigMap, readable by anyone who may read ConfigMaps in the
namespace and kept in Helm's release history: the server's secret keys (server/platform/config/schema.ts
secretKeys) are refused there, each with the value to use instead.
*/}}
{{- define "opsenic.validateSecretsOutsideConfig" -}}
{{- $config := .Values.config | default dict -}}
{{- $problems := list -}}
{{- if hasKey $config "secretKey" -}}
{{- $problems = append $problems "config.secretKey is a secret. Fix: remove it from config; the chart generates the key, or set secretKey.existingSecret (and secretKey.existingSecretKey) to a Secret you created." -}}
{{- end -}}
{{- if and (kindIs "map" $config.database) (hasKey ($config.database | default dict) "url") -}}
{{- $problems = append $problems "config.database.url holds the database password. Fix: remove it from config; set database.type=postgres with database.postgres.host, user and database.postgres.existingSecret (or existingSecretUrlKey for a whole URL kept in that Secret)." -}}
{{- end -}}
{{- if and (kindIs "map" $config.mail) (hasKey ($config.mail | default dict) "smtpUrl") -}}
{{- $problems = append $problems "config.mail.smtpUrl holds the SMTP password. Fix: remove it from config; set smtp.host, smtp.user and smtp.existingSecret (or smtp.existingSecretUrlKey for a whole URL kept in that Secret)." -}}
{{- end -}}
{{- if and (kindIs "map" $config.oidc) (kindIs "map" ($config.oidc | default dict).providers) -}}
{{- range $id, $provider := $config.oidc.providers -}}
{{- if and (kindIs "map" $provider) (hasKey $provider "clientSecret") -}}
{{- $problems = append $problems (printf "config.oidc.providers.%s.clientSecret is a secret. Fix: remove it from config and add to secretConfig: {key: oidc.providers.%s.clientSecret, existingSecret: <Secret name>, secretKey: <key in it>}." $id $id) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- if $problems -}}
{{- fail (printf "\n\nSecrets must not be written under config (it becomes a ConfigMap):\n- %s\n" (join "\n- " $problems)) -}}
{{- end -}}
{{- /* Each secretConfig key reaches the server as OPSENIC_<KEY>_FILE; the server reads the name back
     by turning SNAKE_CASE into camelCase, so a key part such as entraHQ (read back as entraHq) would
     set a provider that does not exist. */ -}}
{{- range .Values.secretConfig -}}
{{- $key := .key -}}
{{- range $part := splitList "." $key -}}
{{- $back := include "opsenic.envPartReadBack" (snakecase $part | upper) -}}
{{- if ne $back $part -}}
{{- fail (printf "\n\nsecretConfig key %s: the part %q cannot be carried by an environment variable name: %s is read back by the server as %q.\nFix: rename %q to %q in config and in secretConfig (key: %s).\n" $key $part (include "opsenic.envFileName" $key) $back $part $back (replace $part $back $key)) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* How the server reads one part of an environment variable name: lower-cased, then each
     letter or digit after `_` upper-cased (server/platform/config/load.ts snakeToCamel). */}}
{{- define "opsenic.envPartReadBack" -}}
{{- $words := splitList "_" (lower .) -}}
{{- $out := first $words -}}
{{- range rest $words -}}{{- $out = printf "%s%s" $out (title .) -}}{{- end -}}
{{- $out -}}
{{- end -}}

{{- define "opsenic.validateExposure" -}}
{{- $cm := .Values.ingress.certManager -}}
{{- if and .Values.ingress.enabled $cm.enabled -}}
{{- if not $cm.issuer -}}
{{- fail (printf "\n\ningress.certManager.enabled=true needs ingress.certManager.issuer: the name of the %s that signs the certificate (without it the Ingress gets an empty cert-manager annotation and no certificate is issued).\nFix: set ingress.certManager.issuer (and issuerKind: ClusterIssuer or Issuer), or set ingress.certManager.enabled=false and provide ingress.tls.secretName.\n" $cm.issuerKind) -}}
{{- end -}}
{{- if not .Values.ingress.tls.enabled -}}
{{- fail "\n\ningress.certManager.enabled=true needs ingress.tls.enabled=true: cert-manager writes the certificate into the Ingress's TLS Secret.\nFix: set ingress.tls.enabled=true.\n" -}}
{{- end -}}
{{- end -}}
{{- $pdb := .Values.podDisruptionBudget -}}
{{- if and $pdb.enabled (eq .Values.database.type "postgres") -}}
{{- $max := $pdb.maxUnavailable -}}
{{- if kindIs "string" $max -}}
{{- if not (regexMatch "^([1-9][0-9]?|100)%$" $max) -}}
{{- fail (printf "\n\npodDisruptionBudget.maxUnavailable=%q is not a whole number of pods or a percentage from 1%% to 100%%.\nFix: set it to 1 (or e.g. 25%%).\n" $max) -}}
{{- end -}}
{{- else if lt (int $max) 1 -}}
{{- fail (printf "\n\npodDisruptionBudget.maxUnavailable=%d is impossible: below 1 no pod may ever be evicted, so node drains and cluster upgrades block forever.\nFix: set it to 1 or more (or a percentage such as 25%%), or podDisruptionBudget.enabled=false.\n" (int $max)) -}}
{{- else if and (not .Values.autoscaling.enabled) (ge (int $max) (int .Values.replicaCount)) -}}
{{- fail (printf "\n\npodDisruptionBudget.maxUnavailable=%d lets every one of the %d replicas be evicted at once: the budget protects nothing.\nFix: set it below replicaCount (e.g. 1).\n" (int $max) (int .Values.replicaCount)) -}}
{{- end -}}
{{- end -}}
{{- end -}}
