#!/usr/bin/env bash
# Regenerates imports/ (typed cdk8s classes) from the upstream CRD copies in ../shared/crds.
#
# One `cdk8s import NAME:=FILE` per CRD file: the CLI names its output `<NAME>-<api group>.ts`, so two
# CRDs of one group (e.g. the three cert-manager.io kinds) get separate files instead of the last one
# overwriting the others (see ../shared/crds/README.md, "Usage").
#
# Usage: bash scripts/import-crds.sh        (ML_MESH_CRDS_DIR overrides the CRD folder)
set -euo pipefail
export LC_ALL=C

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
crds_dir="${ML_MESH_CRDS_DIR:-../shared/crds}"
# A relative override is read from the repo root, like the default.
case "${crds_dir}" in /*) ;; *) crds_dir="${repo_root}/${crds_dir}" ;; esac
crds_dir="$(cd "${crds_dir}" && pwd)"
cdk8s="${repo_root}/node_modules/.bin/cdk8s"
out_dir="${repo_root}/imports"

[[ -x "${cdk8s}" ]] || { echo "import-crds: ${cdk8s} not found; run npm ci first" >&2; exit 1; }

# Module name per CRD file, keyed by file name (`<plural>.<group>.yaml`, the CRD's metadata.name), so
# the folder layout does not matter. A new CRD file must get a line here: the script fails rather than
# invent a name, because module names end up in import paths.
module_for() {
  case "$1" in
    servers.policy.linkerd.io.yaml) echo linkerd-server ;;
    serverauthorizations.policy.linkerd.io.yaml) echo linkerd-server-authorization ;;
    authorizationpolicies.policy.linkerd.io.yaml) echo linkerd-authorization-policy ;;
    meshtlsauthentications.policy.linkerd.io.yaml) echo linkerd-meshtls-authentication ;;
    networkauthentications.policy.linkerd.io.yaml) echo linkerd-network-authentication ;;
    httproutes.policy.linkerd.io.yaml) echo linkerd-httproute ;;
    egressnetworks.policy.linkerd.io.yaml) echo linkerd-egress-network ;;
    httplocalratelimitpolicies.policy.linkerd.io.yaml) echo linkerd-http-local-ratelimit-policy ;;
    serviceprofiles.linkerd.io.yaml) echo linkerd-serviceprofile ;;
    trafficsplits.split.smi-spec.io.yaml) echo smi-trafficsplit ;;
    httproutes.gateway.networking.k8s.io.yaml) echo gateway-httproute ;;
    grpcroutes.gateway.networking.k8s.io.yaml) echo gateway-grpcroute ;;
    ciliumnetworkpolicies.cilium.io.yaml) echo cilium-network-policy ;;
    ciliumclusterwidenetworkpolicies.cilium.io.yaml) echo cilium-clusterwide-network-policy ;;
    canaries.flagger.app.yaml) echo flagger-canary ;;
    metrictemplates.flagger.app.yaml) echo flagger-metric-template ;;
    alertproviders.flagger.app.yaml) echo flagger-alert-provider ;;
    certificates.cert-manager.io.yaml) echo certmanager-certificate ;;
    issuers.cert-manager.io.yaml) echo certmanager-issuer ;;
    clusterissuers.cert-manager.io.yaml) echo certmanager-cluster-issuer ;;
    bundles.trust.cert-manager.io.yaml) echo trustmanager-bundle ;;
    clusterbundles.trust-manager.io.yaml) echo trustmanager-clusterbundle ;;
    jobsets.jobset.x-k8s.io.yaml) echo jobset ;;
    scaledobjects.keda.sh.yaml) echo keda-scaledobject ;;
    scaledjobs.keda.sh.yaml) echo keda-scaledjob ;;
    podmonitors.azmonitoring.coreos.com.yaml) echo azmonitoring-podmonitor ;;
    servicemonitors.azmonitoring.coreos.com.yaml) echo azmonitoring-servicemonitor ;;
    podmonitorings.monitoring.googleapis.com.yaml) echo gmp-podmonitoring ;;
    clusterpodmonitorings.monitoring.googleapis.com.yaml) echo gmp-clusterpodmonitoring ;;
    rules.monitoring.googleapis.com.yaml) echo gmp-rules ;;
    clusterrules.monitoring.googleapis.com.yaml) echo gmp-clusterrules ;;
    globalrules.monitoring.googleapis.com.yaml) echo gmp-globalrules ;;
    podmonitors.monitoring.coreos.com.yaml) echo prom-podmonitor ;;
    servicemonitors.monitoring.coreos.com.yaml) echo prom-servicemonitor ;;
    prometheusrules.monitoring.coreos.com.yaml) echo prom-prometheusrule ;;
    *) return 1 ;;
  esac
}

# Generate into a scratch folder and run the CLI from there: it reads (and with --save would edit) a
# cdk8s.yaml in its working directory, and a half-finished run must not leave a partial imports/.
staging="$(mktemp -d)"
trap 'rm -rf "${staging}"' EXIT
mkdir "${staging}/imports"

mapfile -t crd_files < <(cd "${crds_dir}" && find . -type f \( -name '*.yaml' -o -name '*.yml' \) | sed 's|^\./||' | sort)
[[ ${#crd_files[@]} -gt 0 ]] || { echo "import-crds: no CRD files under ${crds_dir}" >&2; exit 1; }

declare -A seen_modules=()
for rel in "${crd_files[@]}"; do
  if ! module="$(module_for "$(basename "${rel}")")"; then
    echo "import-crds: no module name for ${rel}; add it to module_for() in scripts/import-crds.sh" >&2
    exit 1
  fi
  if [[ -n "${seen_modules[${module}]:-}" ]]; then
    echo "import-crds: module name ${module} used twice (${seen_modules[${module}]}, ${rel})" >&2
    exit 1
  fi
  seen_modules[${module}]="${rel}"
  echo "import-crds: ${module} <- ${rel}"
  # --no-check-upgrade: no npm registry lookup (slow, and noisy offline); --no-save: no cdk8s.yaml edit.
  # The CLI's progress chatter is only shown when it fails.
  if ! log="$(cd "${staging}" && "${cdk8s}" import "${module}:=${crds_dir}/${rel}" \
      --language typescript --output imports --no-check-upgrade --no-save 2>&1)"; then
    echo "${log}" >&2
    echo "import-crds: cdk8s import failed for ${rel}" >&2
    exit 1
  fi
done

# Each module must have produced `<module>-<group>.ts`; the group is the CRD file name minus its plural
# (files are named `<plural>.<group>.yaml` after metadata.name, see ../shared/crds/README.md).
for module in "${!seen_modules[@]}"; do
  base="$(basename "${seen_modules[${module}]}")"
  base="${base%.y*ml}"
  expected="${module}-${base#*.}.ts"
  [[ -f "${staging}/imports/${expected}" ]] || { echo "import-crds: ${expected} was not generated" >&2; exit 1; }
done
generated="$(find "${staging}/imports" -maxdepth 1 -name '*.ts' | wc -l)"
[[ "${generated}" -eq "${#crd_files[@]}" ]] || {
  echo "import-crds: expected ${#crd_files[@]} files, got ${generated}" >&2; exit 1; }

rm -rf "${out_dir}"
mv "${staging}/imports" "${out_dir}"
echo "import-crds: wrote ${generated} modules to imports/"
