import LiftoffMarkdown

/// Decides which code is a runnable command and reads `# Expected: X` lines.
enum CommandDetector {
    private static let shellInfo: Set<String> = ["bash", "sh", "shell", "console", "zsh", "shell-session", "shellsession"]

    /// The language of a fence whose info string names a shell, else nil.
    static func shellLanguage(info: String?) -> String? {
        guard let info else { return nil }
        let first = info.split(whereSeparator: { $0 == " " || $0 == "{" || $0 == "," }).first.map { $0.lowercased() } ?? ""
        return shellInfo.contains(first) ? first : nil
    }

    private static let executables: Set<String> = [
        "bash", "sh", "zsh", "kubectl", "aws", "gcloud", "az", "curl", "wget", "psql", "mysql", "git", "make",
        "terraform", "helm", "docker", "gh", "npm", "npx", "yarn", "python", "python3", "pip", "go", "cargo",
        "swift", "ssh", "scp", "rsync", "systemctl", "journalctl", "dig", "nslookup", "openssl", "redis-cli",
        "ansible-playbook", "ansible", "pg_dump", "pg_restore", "mongosh", "flyway", "liquibase", "ab", "wrk",
        "hey", "k6", "jq", "grep", "tail", "cat", "ls", "sudo", "nginx", "composer", "php", "bundle", "rake",
        "rails", "node", "deno", "eksctl", "argocd", "kustomize", "istioctl", "consul", "vault", "nomad",
    ]

    /// Inline code that is plainly a command: `bash scripts/migrate-prod.sh`, `./scripts/verify-migration.sh`,
    /// `kubectl rollout status deploy/api`. A file name (`CHANGELOG.md`) or a chat command is not.
    static func isPlainlyCommand(_ code: String) -> Bool {
        let trimmed = code.trimmingCharactersInSpace()
        guard !trimmed.isEmpty, !trimmed.contains("\n") else { return false }
        var words = trimmed.split(separator: " ")
        if words.first == "$" { words.removeFirst() }
        guard !words.isEmpty else { return false }
        guard let first = words.first.map(String.init) else { return false }
        if first.hasPrefix("./") || first.hasPrefix("scripts/") || first.hasPrefix("bin/") {
            return first.hasSuffix(".sh") || words.count > 1 || !first.hasSuffix("/")
        }
        return executables.contains(first) && words.count > 1
    }

    /// `$ git push` → `git push`. In prompted blocks (and `console` blocks) only prompted lines
    /// and their `\` continuations are commands; the other lines are output shown as an example.
    static func withoutPrompts(_ code: String, language: String) -> String {
        let lines = code.split(separator: "\n", omittingEmptySubsequences: false)
        let prompted = lines.filter { $0.hasPrefix("$ ") || $0 == "$" }
        guard !prompted.isEmpty else { return code }
        let commandLines = lines.filter { !$0.trimmingCharactersInSpaceSub().isEmpty && !$0.trimmingCharactersInSpaceSub().hasPrefix("#") }
        guard language == "console" || language == "shell-session" || language == "shellsession" || prompted.count == commandLines.count else { return code }
        var out: [Substring] = []
        var continuing = false
        for line in lines {
            if line.hasPrefix("$ ") || line == "$" {
                out.append(line.dropFirst(min(2, line.count)))
                continuing = line.hasSuffix("\\")
            } else if continuing || line.trimmingCharactersInSpaceSub().hasPrefix("#") {
                out.append(line)
                continuing = line.hasSuffix("\\")
            }
        }
        return out.joined(separator: "\n") + (code.hasSuffix("\n") ? "\n" : "")
    }

    /// Splits a shell block into its code and the first `# Expected: X`.
    static func expectation(in code: String) -> String? {
        for line in code.split(separator: "\n", omittingEmptySubsequences: true) {
            let t = line.trimmingCharactersInSpaceSub()
            guard t.hasPrefix("#") else { continue }
            let body = t.drop { $0 == "#" }.trimmingCharactersInSpaceSub()
            if body.lowercased().hasPrefix("expected:") {
                let value = body.dropFirst("expected:".count).trimmingCharactersInSpaceSub()
                return value.isEmpty ? nil : String(value)
            }
        }
        return nil
    }
}

