// The Kubernetes Pod Security Standards, "restricted" profile (which includes "baseline"), as the
// admission controller checks a pod spec: kubernetes.io/docs/concepts/security/pod-security-standards.
// No cluster runs here, so the rules are applied to the rendered pod specs; each violation is one line.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Spec = any;

const restrictedVolumeTypes = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret']);
const baselineCapabilities = new Set(['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT']);
const safeSysctls = new Set(['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes']);
const seLinuxTypes = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);

/** The violations of the restricted profile by one pod spec (empty when it is admitted). */
export function restrictedViolations(spec: Spec): string[] {
  const problems: string[] = [];
  const pod = spec.securityContext ?? {};
  const containers: Spec[] = [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])];

  // Baseline
  for (const host of ['hostNetwork', 'hostPID', 'hostIPC']) if (spec[host]) problems.push(`${host} is true`);
  if (pod.windowsOptions?.hostProcess) problems.push('pod: hostProcess');
  for (const s of pod.sysctls ?? []) if (!safeSysctls.has(s.name)) problems.push(`pod: sysctl ${s.name} is not in the safe set`);
  if (pod.seLinuxOptions && (!seLinuxTypes.has(pod.seLinuxOptions.type ?? '') || pod.seLinuxOptions.user || pod.seLinuxOptions.role)) problems.push('pod: seLinuxOptions');
  if (pod.appArmorProfile && !['RuntimeDefault', 'Localhost'].includes(pod.appArmorProfile.type)) problems.push('pod: appArmorProfile');
  for (const v of spec.volumes ?? []) {
    const type = Object.keys(v).find((k) => k !== 'name');
    if (type === 'hostPath') problems.push(`volume ${v.name}: hostPath`);
    // Restricted: only these volume types.
    if (!type || !restrictedVolumeTypes.has(type)) problems.push(`volume ${v.name}: type ${type} is not allowed`);
  }

  // Restricted, pod level: fields a container may also set.
  const podNonRoot = pod.runAsNonRoot === true;
  const podSeccomp = pod.seccompProfile?.type;
  if (pod.runAsUser === 0) problems.push('pod: runAsUser 0');
  if (podSeccomp && !['RuntimeDefault', 'Localhost'].includes(podSeccomp)) problems.push(`pod: seccompProfile ${podSeccomp}`);

  for (const c of containers) {
    const sc = c.securityContext ?? {};
    const where = `container ${c.name}`;
    if (sc.privileged) problems.push(`${where}: privileged`);
    if (sc.windowsOptions?.hostProcess) problems.push(`${where}: hostProcess`);
    for (const p of c.ports ?? []) if (p.hostPort) problems.push(`${where}: hostPort ${p.hostPort}`);
    if (sc.procMount && sc.procMount !== 'Default') problems.push(`${where}: procMount ${sc.procMount}`);
    if (sc.seLinuxOptions && (!seLinuxTypes.has(sc.seLinuxOptions.type ?? '') || sc.seLinuxOptions.user || sc.seLinuxOptions.role)) problems.push(`${where}: seLinuxOptions`);
    if (sc.appArmorProfile && !['RuntimeDefault', 'Localhost'].includes(sc.appArmorProfile.type)) problems.push(`${where}: appArmorProfile`);
    for (const cap of sc.capabilities?.add ?? []) if (!baselineCapabilities.has(cap)) problems.push(`${where}: adds capability ${cap}`);
    // Restricted
    if (sc.allowPrivilegeEscalation !== false) problems.push(`${where}: allowPrivilegeEscalation is not false`);
    if (!(sc.runAsNonRoot === true || (podNonRoot && sc.runAsNonRoot !== false))) problems.push(`${where}: runAsNonRoot is not true`);
    if (sc.runAsUser === 0) problems.push(`${where}: runAsUser 0`);
    const seccomp = sc.seccompProfile?.type ?? podSeccomp;
    if (!['RuntimeDefault', 'Localhost'].includes(seccomp)) problems.push(`${where}: seccompProfile is ${seccomp ?? 'unset'}`);
    if (!(sc.capabilities?.drop ?? []).includes('ALL')) problems.push(`${where}: does not drop ALL capabilities`);
    for (const cap of sc.capabilities?.add ?? []) if (cap !== 'NET_BIND_SERVICE') problems.push(`${where}: adds capability ${cap} (restricted allows only NET_BIND_SERVICE)`);
  }
  return problems;
}
