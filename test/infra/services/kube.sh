# Kubernetes control plane without a kubelet: etcd, kube-apiserver and
# kube-controller-manager on 127.0.0.1, built from the Go modules pinned in
# test/infra/kube/go.mod. Deployments get ReplicaSets and Pods; Pods stay Pending.

KUBE_API_PORT="${ASYA_INFRA_KUBE_API_PORT:-6443}"
KUBE_CM_PORT="${ASYA_INFRA_KUBE_CM_PORT:-10257}"
KUBE_ETCD_PORT="${ASYA_INFRA_ETCD_PORT:-23790}"
KUBE_ETCD_PEER_PORT="${ASYA_INFRA_ETCD_PEER_PORT:-23800}"
KUBE_STATE="$STATE_DIR/kube"
KUBE_PKI="$KUBE_STATE/pki"
KUBECONFIG_FILE="$KUBE_STATE/admin.kubeconfig"

# kube_bin_dir: the cache folder for binaries built from this exact go.mod, go.sum and
# build flags, so a changed pin builds again and an unchanged one never does.
kube_bin_dir() {
  local hash
  hash="$(cat "$INFRA_DIR/kube/go.mod" "$INFRA_DIR/kube/go.sum" \
    <(kube_ldflags) <(go env GOVERSION) | sha256sum | cut -c1-16)"
  echo "$CACHE_DIR/kube/$hash/bin"
}

# kube_ldflags: stamps the Kubernetes version from go.mod into the binaries so
# `kubectl version` and version-skew checks see v1.37.x rather than v0.0.0-master.
kube_ldflags() {
  local version minor pkg
  version="$(awk '$1 == "k8s.io/kubernetes" { print $2; exit }' "$INFRA_DIR/kube/go.mod")"
  minor="$(echo "$version" | cut -d. -f2)"
  printf '%s' "-s -w"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    printf ' -X %s=%s' "$pkg.gitVersion" "$version" "$pkg.gitMajor" "1" \
      "$pkg.gitMinor" "$minor" "$pkg.gitTreeState" "clean"
  done
}

kube_build() {
  local bin tmp
  bin="$(kube_bin_dir)"
  [ -x "$bin/kube-apiserver" ] && [ -x "$bin/etcd" ] && return 0

  command -v go >/dev/null || die "go is needed to build the Kubernetes binaries"
  mkdir -p "$CACHE_DIR/kube"
  exec 8>"$CACHE_DIR/kube/build.lock"
  flock 8
  if [ ! -x "$bin/kube-apiserver" ] || [ ! -x "$bin/etcd" ]; then
    log "building kube-apiserver, kube-controller-manager, kubectl and etcd into $bin"
    log "(once per machine and go.mod; takes several minutes on 2 cores)"
    tmp="$(mktemp -d "$CACHE_DIR/kube/build.XXXXXX")"
    (
      cd "$INFRA_DIR/kube"
      go build -ldflags "$(kube_ldflags)" -o "$tmp/" \
        k8s.io/kubernetes/cmd/kube-apiserver \
        k8s.io/kubernetes/cmd/kube-controller-manager \
        k8s.io/kubernetes/cmd/kubectl
      go build -ldflags "-s -w" -o "$tmp/etcd" go.etcd.io/etcd/server/v3
    ) >&2 || { rm -rf "$tmp"; die "building the Kubernetes binaries failed (see the go output above)"; }
    chmod 755 "$tmp"
    mkdir -p "$(dirname "$bin")"
    rm -rf "$bin"
    mv "$tmp" "$bin"
  fi
  exec 8>&-
}

# kube_certs: a private CA, the API server's serving cert, an admin client cert in
# system:masters and the service-account signing key; made once per state folder.
kube_certs() {
  [ -s "$KUBE_PKI/sa.pub" ] && return 0
  log "generating certificates in $KUBE_PKI"
  mkdir -p "$KUBE_PKI"
  (
    cd "$KUBE_PKI"
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj /CN=asya-test-ca \
      -keyout ca.key -out ca.crt
    kube_cert apiserver /CN=kube-apiserver "serverAuth" \
      "IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
    kube_cert admin "/O=system:masters/CN=asya-admin" "clientAuth" ""
    openssl genrsa -out sa.key 2048
    openssl rsa -in sa.key -pubout -out sa.pub
  ) >/dev/null 2>&1 || die "openssl could not generate the certificates in $KUBE_PKI"
}

# kube_cert NAME SUBJECT USAGE SANS: a key and a cert signed by the local CA.
kube_cert() {
  local ext="extendedKeyUsage=$3"
  [ -n "$4" ] && ext="$ext"$'\n'"subjectAltName=$4"
  openssl req -newkey rsa:2048 -nodes -subj "$2" -keyout "$1.key" -out "$1.csr"
  openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 \
    -out "$1.crt" -extfile <(echo "$ext")
}

kube_kubeconfig() {
  local b64="base64 -w0"
  cat >"$KUBECONFIG_FILE" <<EOF
apiVersion: v1
kind: Config
clusters:
  - name: asya-test
    cluster:
      server: https://127.0.0.1:$KUBE_API_PORT
      certificate-authority-data: $($b64 "$KUBE_PKI/ca.crt")
users:
  - name: asya-admin
    user:
      client-certificate-data: $($b64 "$KUBE_PKI/admin.crt")
      client-key-data: $($b64 "$KUBE_PKI/admin.key")
contexts:
  - name: asya-test
    context: { cluster: asya-test, user: asya-admin, namespace: default }
current-context: asya-test
EOF
}

kube_up() {
  local bin logs="$STATE_DIR/logs"
  kube_build
  bin="$(kube_bin_dir)"
  kube_certs
  kube_kubeconfig

  start_daemon etcd "$logs/etcd.log" "$bin/etcd" --name asya-test \
    --data-dir "$KUBE_STATE/etcd" --unsafe-no-fsync \
    --listen-client-urls "http://127.0.0.1:$KUBE_ETCD_PORT" \
    --advertise-client-urls "http://127.0.0.1:$KUBE_ETCD_PORT" \
    --listen-peer-urls "http://127.0.0.1:$KUBE_ETCD_PEER_PORT" \
    --initial-advertise-peer-urls "http://127.0.0.1:$KUBE_ETCD_PEER_PORT" \
    --initial-cluster "asya-test=http://127.0.0.1:$KUBE_ETCD_PEER_PORT"
  wait_for "etcd on 127.0.0.1:$KUBE_ETCD_PORT" 30 "$logs/etcd.log" \
    curl -fsS -m 5 "http://127.0.0.1:$KUBE_ETCD_PORT/health"

  # The "kubernetes" Service cannot point at a loopback address, so its endpoints are
  # not reconciled; nothing in a cluster without a kubelet would call it anyway.
  start_daemon kube-apiserver "$logs/kube-apiserver.log" "$bin/kube-apiserver" \
    --etcd-servers "http://127.0.0.1:$KUBE_ETCD_PORT" \
    --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$KUBE_API_PORT" \
    --tls-cert-file "$KUBE_PKI/apiserver.crt" --tls-private-key-file "$KUBE_PKI/apiserver.key" \
    --client-ca-file "$KUBE_PKI/ca.crt" --authorization-mode RBAC \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --service-account-key-file "$KUBE_PKI/sa.pub" \
    --service-account-signing-key-file "$KUBE_PKI/sa.key" \
    --service-cluster-ip-range 10.96.0.0/16 --allow-privileged=true \
    --endpoint-reconciler-type none
  wait_for "kube-apiserver /readyz on 127.0.0.1:$KUBE_API_PORT" 120 "$logs/kube-apiserver.log" \
    "$bin/kubectl" --kubeconfig "$KUBECONFIG_FILE" --request-timeout 5s get --raw /readyz

  start_daemon kube-controller-manager "$logs/kube-controller-manager.log" \
    "$bin/kube-controller-manager" --kubeconfig "$KUBECONFIG_FILE" \
    --authentication-kubeconfig "$KUBECONFIG_FILE" --authorization-kubeconfig "$KUBECONFIG_FILE" \
    --bind-address 127.0.0.1 --secure-port "$KUBE_CM_PORT" --leader-elect=false \
    --controllers '*' --root-ca-file "$KUBE_PKI/ca.crt" \
    --service-account-private-key-file "$KUBE_PKI/sa.key" \
    --cluster-signing-cert-file "$KUBE_PKI/ca.crt" --cluster-signing-key-file "$KUBE_PKI/ca.key"
  # The default ServiceAccount is made by the controller manager; Pods need it.
  wait_for "kube-controller-manager (default ServiceAccount)" 60 \
    "$logs/kube-controller-manager.log" \
    "$bin/kubectl" --kubeconfig "$KUBECONFIG_FILE" -n default get serviceaccount default
}

kube_down() {
  stop_daemon kube-controller-manager
  stop_daemon kube-apiserver
  stop_daemon etcd
}

kube_status() {
  pid_alive "$STATE_DIR/pids/kube-apiserver.pid" &&
    pid_alive "$STATE_DIR/pids/kube-controller-manager.pid" &&
    "$(kube_bin_dir)/kubectl" --kubeconfig "$KUBECONFIG_FILE" --request-timeout 5s get --raw /readyz >/dev/null 2>&1
}

kube_env() {
  emit KUBECONFIG "$KUBECONFIG_FILE"
  emit_path "$(kube_bin_dir)"
}
