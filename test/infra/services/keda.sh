# KEDA's CustomResourceDefinitions (ScaledObject, TriggerAuthentication,
# ClusterTriggerAuthentication) from the github.com/kedacore/keda/v2 Go module, applied
# to the local API server. Only the CRDs: no KEDA operator runs, so nothing scales.

# v2.21.1 needs Go 1.27; v2.21.0 builds with the Go 1.26 these machines have.
KEDA_VERSION="${ASYA_INFRA_KEDA_VERSION:-v2.21.0}"
KEDA_CRDS=(scaledobjects triggerauthentications clustertriggerauthentications)

# keda_dir: the module's folder in the Go module cache, downloaded when missing.
keda_dir() {
  local json dir
  command -v go >/dev/null || die "go is needed to download the KEDA module"
  json="$(cd / && GOFLAGS=-mod=mod go mod download -json \
    "github.com/kedacore/keda/v2@$KEDA_VERSION" 2>&1)" ||
    die "cannot download github.com/kedacore/keda/v2@$KEDA_VERSION: $json"
  dir="$(echo "$json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  [ -d "$dir/config/crd/bases" ] || die "no config/crd/bases in the KEDA module ($dir)"
  echo "$dir"
}

keda_kubectl() {
  "$(kube_bin_dir)/kubectl" --kubeconfig "$KUBECONFIG_FILE" "$@"
}

keda_up() {
  local dir crd files=()
  kube_status || die "keda needs the kube service; run: test/infra/up kube keda"
  keda_established && return 0

  dir="$(keda_dir)"
  for crd in "${KEDA_CRDS[@]}"; do
    files+=(-f "$dir/config/crd/bases/keda.sh_$crd.yaml")
  done
  log "applying KEDA $KEDA_VERSION CRDs: ${KEDA_CRDS[*]}"
  keda_kubectl apply --server-side --force-conflicts "${files[@]}" >&2 ||
    die "cannot apply the KEDA CRDs (log: $STATE_DIR/logs/kube-apiserver.log)"
  for crd in "${KEDA_CRDS[@]}"; do
    keda_kubectl wait --for condition=Established --timeout 60s "crd/$crd.keda.sh" >/dev/null ||
      die "CRD $crd.keda.sh is not Established after 60s (log: $STATE_DIR/logs/kube-apiserver.log)"
  done
}

keda_established() {
  local crd cond
  for crd in "${KEDA_CRDS[@]}"; do
    cond="$(keda_kubectl get "crd/$crd.keda.sh" \
      -o jsonpath='{.status.conditions[?(@.type=="Established")].status}' 2>/dev/null)" ||
      return 1
    [ "$cond" = True ] || return 1
  done
}

# The CRDs live in etcd, so they go when kube's state is reset; down has nothing to stop.
keda_down() {
  :
}

keda_status() {
  kube_status && keda_established
}

# KEDA adds no connection settings of its own.
keda_env() {
  :
}
