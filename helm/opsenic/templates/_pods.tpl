{{/*
What every pod of the release inherits from the top-level pod values (podAnnotations, podLabels,
nodeSelector, tolerations, affinity, priorityClassName), each replaced by the job's own value when
that is set: migrations, retention.cronJob, backup.cronJob and tests carry the same keys. Annotations
and labels are merged (the job's win), so `sidecar.istio.io/inject: "false"` can be set for the Jobs
alone: a Job whose pod keeps a sidecar running never completes.
Call with (dict "root" $ "job" <the job's values, or nil for the server>).
*/}}
{{- define "opsenic.podInherited" -}}
{{- $v := .root.Values -}}
{{- $job := default (dict) .job -}}
{{- $out := dict -}}
{{- $_ := set $out "annotations" (mergeOverwrite (deepCopy (default (dict) $v.podAnnotations)) (deepCopy (default (dict) $job.podAnnotations))) -}}
{{- $_ := set $out "labels" (mergeOverwrite (deepCopy (default (dict) $v.podLabels)) (deepCopy (default (dict) $job.podLabels))) -}}
{{- range $key := list "nodeSelector" "tolerations" "affinity" "priorityClassName" -}}
{{- $_ := set $out $key (ternary (get $job $key) (get $v $key) (not (empty (get $job $key)))) -}}
{{- end -}}
{{- toYaml $out -}}
{{- end -}}

{{/*
The template metadata of a pod: the release labels, its component, the inherited labels and
annotations, and the checksums that roll it when its config changes.
Call with (dict "root" $ "job" <job values or nil> "component" "server" "annotations" (dict ...)).
*/}}
{{- define "opsenic.podMetadata" -}}
{{- $inherited := include "opsenic.podInherited" (dict "root" .root "job" .job) | fromYaml -}}
{{- $labels := mergeOverwrite (deepCopy $inherited.labels) (include "opsenic.labels" .root | fromYaml) (dict "app.kubernetes.io/component" .component) -}}
{{- $annotations := mergeOverwrite (deepCopy $inherited.annotations) (default (dict) .annotations) -}}
labels:
  {{- toYaml $labels | nindent 2 }}
{{- with $annotations }}
annotations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}
