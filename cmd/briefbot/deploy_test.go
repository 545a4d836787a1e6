package main

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"go.yaml.in/yaml/v3"

	"briefbot/config"
)

// The deployment files cannot run here (no Docker, Kubernetes or
// systemd), so this test parses them and checks what their schemas
// require, and that the commands, probe paths and environment variables
// they name are ones briefbot has.

const deployDir = "../../deploy"

// knownEnv is every environment variable briefbot reads: those config.Load
// asks for (secrets also as NAME_FILE) and BRIEFBOT_CONFIG.
var knownEnv = sync.OnceValue(func() map[string]bool {
	names := map[string]bool{}
	getenv := func(k string) string { names[k] = true; return "" }
	if _, err := config.Load("", getenv); err != nil {
		panic(err)
	}
	configPath(&App{Getenv: getenv}, "")
	return names
})

func checkEnvName(t *testing.T, where, name string) {
	t.Helper()
	if !knownEnv()[name] {
		t.Errorf("%s sets %s, which briefbot does not read", where, name)
	}
}

// checkCommand runs a command line a deployment file gives the binary far
// enough to know its command and flags exist: anything but a usage error.
func checkCommand(t *testing.T, where string, args []string, env map[string]string) {
	t.Helper()
	if len(args) == 0 || !slices.ContainsFunc(commands(), func(c command) bool { return c.name == args[0] }) {
		t.Errorf("%s runs %q, not a briefbot command", where, args)
		return
	}
	if args[0] == "run" {
		// Parse its flags only: `run -h` prints the usage and exits 0,
		// and an unknown flag is a usage error.
		args = append(slices.Clone(args), "-h")
	}
	if code, _, errOut := cli(t, "", env, args...); code == 2 {
		t.Errorf("%s runs %q: usage error %q", where, args, errOut)
	}
}

func readYAMLDocs(t *testing.T, path string) []map[string]any {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var docs []map[string]any
	for {
		var doc map[string]any
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			return docs
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if doc != nil {
			docs = append(docs, doc)
		}
	}
}

// at walks a decoded YAML document: at(doc, "spec", "template", "spec").
func at(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				return nil
			}
			v = m[k]
		case int:
			l, ok := v.([]any)
			if !ok || k >= len(l) {
				return nil
			}
			v = l[k]
		}
	}
	return v
}

func str(v any) string { s, _ := v.(string); return s }

// servedPaths starts the bot and reports which of paths its HTTP server
// answers with 200.
func servedPaths(t *testing.T, paths []string) map[string]bool {
	t.Helper()
	pub := httptest.NewServer(&concurrencyPublisher{gather: 1})
	defer pub.Close()
	s := startSession(t, "-config", opsConfig(t, []string{pub.URL + "/feed"}, ""), "-db", filepath.Join(t.TempDir(), "briefbot.db"))
	defer s.stop()
	waitUntil(t, "first poll", func() bool { return polled(t, s.rt.Store, []string{pub.URL + "/feed"}) })
	ok := map[string]bool{}
	for _, p := range paths {
		code, _ := get(t, s.rt.HTTPAddr, p)
		ok[p] = code == 200
	}
	return ok
}

func TestDeployCompose(t *testing.T) {
	docs := readYAMLDocs(t, filepath.Join(deployDir, "compose.yaml"))
	if len(docs) != 1 {
		t.Fatalf("compose.yaml holds %d documents, want 1", len(docs))
	}
	doc := docs[0]
	services, ok := doc["services"].(map[string]any)
	if !ok || len(services) == 0 {
		t.Fatal("compose.yaml has no services")
	}
	declared, _ := doc["volumes"].(map[string]any)
	byProfile := map[string][]string{}
	for name, sv := range services {
		svc, _ := sv.(map[string]any)
		if svc["image"] == nil && svc["build"] == nil {
			t.Errorf("service %s has neither image nor build", name)
		}
		for _, p := range asList(svc["profiles"]) {
			byProfile[str(p)] = append(byProfile[str(p)], name)
		}
		for _, v := range asList(svc["volumes"]) {
			src, _, _ := strings.Cut(str(v), ":")
			if !strings.ContainsAny(src, "/.$") {
				if _, ok := declared[src]; !ok {
					t.Errorf("service %s mounts volume %s, which is not declared", name, src)
				}
			}
		}
		env, _ := svc["environment"].(map[string]any)
		if str(at(svc, "image")) == "postgres:17" {
			continue
		}
		for k := range env {
			checkEnvName(t, "compose service "+name, k)
		}
		if hc := asList(at(svc, "healthcheck", "test")); len(hc) < 3 || str(hc[0]) != "CMD" || str(hc[1]) != "/briefbot" {
			t.Errorf("service %s: healthcheck %v does not run the binary (the image has no shell)", name, hc)
		} else {
			var args []string
			for _, a := range hc[2:] {
				args = append(args, str(a))
			}
			checkCommand(t, "compose service "+name+" healthcheck", args, map[string]string{"BRIEFBOT_HTTP_ADDR": "127.0.0.1:1"})
		}
	}
	sqlite := briefbotService(t, services, byProfile["sqlite"])
	if db := str(at(sqlite, "environment", "BRIEFBOT_DB")); !strings.HasPrefix(db, "/data/") {
		t.Errorf("sqlite profile keeps its database at %q, not on the /data volume", db)
	}
	if !slices.ContainsFunc(asList(sqlite["volumes"]), func(v any) bool { return strings.HasSuffix(str(v), ":/data") }) {
		t.Error("sqlite profile mounts no volume at /data")
	}
	pg := briefbotService(t, services, byProfile["postgres"])
	if n, _ := at(pg, "deploy", "replicas").(int); n != 2 {
		t.Errorf("postgres profile runs %v briefbot replicas, want 2", at(pg, "deploy", "replicas"))
	}
	if dsn := str(at(pg, "environment", "BRIEFBOT_DATABASE_URL")); !strings.HasPrefix(dsn, "postgres://") {
		t.Errorf("postgres profile's BRIEFBOT_DATABASE_URL is %q", dsn)
	}
	if !slices.Contains(byProfile["postgres"], "postgres") {
		t.Error("postgres profile runs no PostgreSQL service")
	}
	// The default config file mounted must exist and be valid.
	if _, err := loadConfig(&App{Getenv: func(string) string { return "" }}, filepath.Join(deployDir, "../briefbot.example.yaml"), ""); err != nil {
		t.Errorf("the config compose mounts by default: %v", err)
	}
}

func asList(v any) []any { l, _ := v.([]any); return l }

// briefbotService is the one service among names that runs briefbot.
func briefbotService(t *testing.T, services map[string]any, names []string) map[string]any {
	t.Helper()
	for _, n := range names {
		svc, _ := services[n].(map[string]any)
		if strings.HasPrefix(str(svc["image"]), "briefbot") {
			return svc
		}
	}
	t.Fatalf("no briefbot service among %v", names)
	return nil
}

func TestDeployKubernetes(t *testing.T) {
	dir := filepath.Join(deployDir, "kubernetes")
	kinds := map[string]map[string]any{}
	files, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
	for _, f := range files {
		for _, doc := range readYAMLDocs(t, f) {
			kind := str(doc["kind"])
			if str(doc["apiVersion"]) == "" || kind == "" {
				t.Errorf("%s: a document without apiVersion or kind", f)
				continue
			}
			if kind != "Kustomization" && str(at(doc, "metadata", "name")) == "" {
				t.Errorf("%s: %s without metadata.name", f, kind)
			}
			kinds[kind] = doc
		}
	}
	for _, r := range asList(at(kinds["Kustomization"], "resources")) {
		if _, err := os.Stat(filepath.Join(dir, str(r))); err != nil {
			t.Errorf("kustomization lists %s: %v", str(r), err)
		}
	}

	dep := kinds["Deployment"]
	if str(dep["apiVersion"]) != "apps/v1" {
		t.Fatalf("no apps/v1 Deployment in %s", dir)
	}
	if n, _ := at(dep, "spec", "replicas").(int); n != 2 {
		t.Errorf("Deployment runs %v replicas, want 2", at(dep, "spec", "replicas"))
	}
	selector, _ := at(dep, "spec", "selector", "matchLabels").(map[string]any)
	labels, _ := at(dep, "spec", "template", "metadata", "labels").(map[string]any)
	if len(selector) == 0 || !subset(selector, labels) {
		t.Errorf("Deployment selector %v does not select its pods' labels %v", selector, labels)
	}
	secret := kinds["Secret"]
	secretKeys, _ := secret["stringData"].(map[string]any)
	containers := asList(at(dep, "spec", "template", "spec", "containers"))
	if len(containers) == 0 {
		t.Fatal("Deployment has no containers")
	}
	c, _ := containers[0].(map[string]any)
	if str(c["name"]) == "" || str(c["image"]) == "" {
		t.Error("container without name or image")
	}
	var args []string
	for _, a := range asList(c["args"]) {
		args = append(args, str(a))
	}
	checkCommand(t, "Deployment", args, nil)
	ports := map[string]bool{}
	for _, p := range asList(c["ports"]) {
		ports[str(at(p, "name"))] = true
	}
	env := map[string]string{}
	for _, e := range asList(c["env"]) {
		name := str(at(e, "name"))
		checkEnvName(t, "Deployment", name)
		env[name] = str(at(e, "value"))
		if ref := at(e, "valueFrom", "secretKeyRef"); ref != nil {
			if str(at(ref, "name")) != str(at(secret, "metadata", "name")) {
				t.Errorf("%s comes from Secret %q, not the one deployed (%q)", name, str(at(ref, "name")), str(at(secret, "metadata", "name")))
			}
			if _, ok := secretKeys[str(at(ref, "key"))]; !ok {
				t.Errorf("%s comes from key %q, which the Secret lacks", name, str(at(ref, "key")))
			}
			env[name] = "postgres://briefbot@postgres:5432/briefbot"
			if name != "BRIEFBOT_DATABASE_URL" {
				env[name] = ""
			}
		}
	}
	if env["BRIEFBOT_DATABASE_URL"] == "" {
		t.Error("the Deployment's replicas have no BRIEFBOT_DATABASE_URL: several replicas need PostgreSQL")
	}
	probes := map[string]string{}
	for _, probe := range []string{"livenessProbe", "readinessProbe"} {
		path := str(at(c, probe, "httpGet", "path"))
		probes[probe] = path
		if port := str(at(c, probe, "httpGet", "port")); !ports[port] {
			t.Errorf("%s probes port %q, which the container does not name", probe, port)
		}
	}
	if probes["livenessProbe"] != "/healthz" || probes["readinessProbe"] != "/readyz" {
		t.Errorf("probes %v, want liveness /healthz and readiness /readyz", probes)
	}
	served := servedPaths(t, []string{"/healthz", "/readyz", "/metrics"})
	for probe, path := range probes {
		if !served[path] {
			t.Errorf("%s probes %s, which a running bot does not answer with 200", probe, path)
		}
	}

	// The mounted config file is valid with the environment the pods get.
	cm := kinds["ConfigMap"]
	mount := ""
	for _, m := range asList(c["volumeMounts"]) {
		if str(at(m, "name")) == "config" {
			mount = str(at(m, "mountPath"))
		}
	}
	cfgText := str(at(cm, "data", "briefbot.yaml"))
	if cfgText == "" || env["BRIEFBOT_CONFIG"] != mount+"/briefbot.yaml" {
		t.Errorf("BRIEFBOT_CONFIG %q is not the ConfigMap's briefbot.yaml mounted at %q", env["BRIEFBOT_CONFIG"], mount)
	}
	p := filepath.Join(t.TempDir(), "briefbot.yaml")
	os.WriteFile(p, []byte(cfgText), 0o600)
	cfg, err := loadConfig(&App{Getenv: func(k string) string { return env[k] }}, p, "")
	if err != nil {
		t.Errorf("the ConfigMap's config: %v", err)
	} else if cfg.Store.Driver != "postgres" {
		t.Errorf("the pods would use the %s store, want postgres", cfg.Store.Driver)
	}

	pdb := kinds["PodDisruptionBudget"]
	if str(pdb["apiVersion"]) != "policy/v1" {
		t.Errorf("PodDisruptionBudget apiVersion %q, want policy/v1", str(pdb["apiVersion"]))
	}
	if sel, _ := at(pdb, "spec", "selector", "matchLabels").(map[string]any); len(sel) == 0 || !subset(sel, labels) {
		t.Errorf("PodDisruptionBudget selector %v does not select the pods %v", sel, labels)
	}
	if n, ok := at(pdb, "spec", "minAvailable").(int); !ok || n < 1 || n >= 2 {
		t.Errorf("PodDisruptionBudget minAvailable %v, want 1 of the 2 replicas", at(pdb, "spec", "minAvailable"))
	}
	if sel, _ := at(kinds["Service"], "spec", "selector").(map[string]any); len(sel) == 0 || !subset(sel, labels) {
		t.Errorf("Service selector %v does not select the pods %v", sel, labels)
	}
}

func subset(sub, of map[string]any) bool {
	for k, v := range sub {
		if of[k] != v {
			return false
		}
	}
	return true
}

func TestDeploySystemd(t *testing.T) {
	f, err := os.Open(filepath.Join(deployDir, "systemd", "briefbot.service"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	units := map[string]map[string][]string{}
	section := ""
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, ";"):
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			section = line[1 : len(line)-1]
			units[section] = map[string][]string{}
		default:
			k, v, ok := strings.Cut(line, "=")
			if !ok || section == "" {
				t.Fatalf("line %d: %q is neither a section nor key=value", n, line)
			}
			units[section][k] = append(units[section][k], v)
		}
	}
	for _, s := range []string{"Unit", "Service", "Install"} {
		if units[s] == nil {
			t.Errorf("no [%s] section", s)
		}
	}
	svc := units["Service"]
	exec := strings.Fields(first(svc["ExecStart"]))
	if len(exec) < 2 || !filepath.IsAbs(exec[0]) || filepath.Base(exec[0]) != "briefbot" {
		t.Fatalf("ExecStart %q does not run the briefbot binary by absolute path", exec)
	}
	checkCommand(t, "ExecStart", exec[1:], nil)
	env := map[string]string{}
	for _, e := range svc["Environment"] {
		k, v, _ := strings.Cut(e, "=")
		checkEnvName(t, "the unit", k)
		env[k] = v
	}
	if state := first(svc["StateDirectory"]); state == "" || !strings.HasPrefix(env["BRIEFBOT_DB"], "/var/lib/"+state+"/") {
		t.Errorf("BRIEFBOT_DB %q is not in the StateDirectory %q, the one writable place", env["BRIEFBOT_DB"], first(svc["StateDirectory"]))
	}
	hardening := map[string]string{
		"NoNewPrivileges": "yes", "ProtectSystem": "strict", "ProtectHome": "yes", "PrivateTmp": "yes",
		"PrivateDevices": "yes", "DynamicUser": "yes", "CapabilityBoundingSet": "", "ProtectKernelTunables": "yes",
		"ProtectKernelModules": "yes", "ProtectControlGroups": "yes", "RestrictNamespaces": "yes",
		"RestrictSUIDSGID": "yes", "LockPersonality": "yes", "MemoryDenyWriteExecute": "yes",
		"SystemCallFilter": "@system-service", "RestrictAddressFamilies": "AF_INET AF_INET6 AF_UNIX",
	}
	for k, want := range hardening {
		if got, ok := svc[k]; !ok || got[0] != want {
			t.Errorf("%s=%q, want %q", k, got, want)
		}
	}
	if first(units["Install"]["WantedBy"]) != "multi-user.target" {
		t.Errorf("WantedBy=%q", units["Install"]["WantedBy"])
	}
}

func first(v []string) string {
	if len(v) == 0 {
		return ""
	}
	return v[0]
}

// TestDockerfilePinned checks that every image the Dockerfile builds from
// is pinned by digest (a tag alone moves under a rebuild), that nothing
// pulls an unpinned BuildKit frontend, and that the version is a build
// argument the Makefile fills from git.
func TestDockerfilePinned(t *testing.T) {
	data, err := os.ReadFile("../../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	froms := 0
	for i, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) > 0 && strings.HasPrefix(strings.ToLower(strings.Join(f, " ")), "# syntax=") && !strings.Contains(line, "@sha256:") {
			t.Errorf("Dockerfile:%d: the syntax directive pulls an unpinned frontend image: %s", i+1, line)
		}
		if len(f) < 2 || !strings.EqualFold(f[0], "FROM") {
			continue
		}
		froms++
		image := f[1]
		if strings.HasPrefix(image, "--platform=") && len(f) > 2 {
			image = f[2]
		}
		if image == "scratch" {
			continue
		}
		name, digest, ok := strings.Cut(image, "@sha256:")
		if !ok || len(digest) != 64 || strings.Trim(digest, "0123456789abcdef") != "" {
			t.Errorf("Dockerfile:%d: %s is not pinned by a sha256 digest", i+1, image)
		}
		if !strings.Contains(name, ":") {
			t.Errorf("Dockerfile:%d: %s has no tag beside its digest, so a reader cannot tell what it is", i+1, image)
		}
	}
	if froms == 0 {
		t.Fatal("the Dockerfile has no FROM line")
	}
	if !strings.Contains(string(data), "main.version=${VERSION}") {
		t.Error("the Dockerfile does not pass the VERSION build argument to main.version")
	}
	mk, err := os.ReadFile("../../Makefile")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(mk), "--build-arg VERSION=$(VERSION)") || !strings.Contains(string(mk), "git describe") {
		t.Error("make docker does not pass the version from git")
	}
}
