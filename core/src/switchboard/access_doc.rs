//! `docs/ACCESS.md`, generated from the declarations of every command and query and from
//! [`Role::allows`]: the access matrix cannot drift from the code (`core/tests/access.rs` checks the
//! committed file and runs every cell).

use super::{Command, Declaration, Query};
use crate::engine::access::{Permission, Role};
use std::fmt::Write as _;

/// The text of `docs/ACCESS.md`.
pub fn access_markdown() -> String {
    let mut out = String::from(
        "# Access: role × command and query\n\n\
         Generated from the code (`grassroots::switchboard::access_markdown`); \
         `GRASSROOTS_BLESS=1 cargo test -p grassroots --test access` rewrites it, and the same test runs every \
         cell below as every role, inside and outside the actor's scope.\n\n\
         Every command and query declares the permissions it needs; the switchboard checks the role before \
         any rule of the domain (`PERMISSION_DENIED`), then the scope (`OUT_OF_SCOPE`): the switchboard for \
         `campaign` queries, the area for everything else. \
         Sensitive fields (ID and mobile numbers, key-person tags, findings) are shown only to roles that see \
         them, inside their scope: see `docs/ARCHITECTURE.md`.\n\n\
         Scope rules:\n\n\
         - `target`: what the command or query names (a unit, household, person, the sub-district) must lie \
         inside the actor's scope.\n\
         - `campaign`: the actor's scope must overlap the campaign's sub-district (lie inside it or contain it); \
         counts in the answer are of what lies inside the scope.\n\
         - `filtered`: only what lies inside the scope is listed; naming a unit outside it is refused.\n\
         - `unscoped`: nothing of any unit is shown.\n\n\
         Permissions by role:\n\n",
    );
    out.push_str("| permission |");
    for role in Role::ALL {
        let _ = write!(out, " {} |", role.as_str());
    }
    out.push_str("\n|---|");
    out.push_str(&"---|".repeat(Role::ALL.len()));
    out.push('\n');
    for p in Permission::ALL {
        let _ = write!(out, "| `{}` |", p.as_str());
        for role in Role::ALL {
            out.push_str(if role.allows(p) { " ✓ |" } else { " — |" });
        }
        out.push('\n');
    }
    table(&mut out, "Commands", "command", &Command::declarations());
    table(&mut out, "Queries", "query", &Query::declarations());
    out
}

fn table(out: &mut String, title: &str, kind: &str, declarations: &[Declaration]) {
    let _ = write!(out, "\n## {title}\n\n| {kind} | case | needs | scope |");
    for role in Role::ALL {
        let _ = write!(out, " {} |", role.as_str());
    }
    out.push_str("\n|---|---|---|---|");
    out.push_str(&"---|".repeat(Role::ALL.len()));
    out.push('\n');
    for d in declarations {
        for (case, permissions) in d.cases {
            let needs: Vec<String> = permissions.iter().map(|p| format!("`{}`", p.as_str())).collect();
            let _ = write!(out, "| `{}` | {} | {} | {} |", d.name, case, needs.join(" + "), d.scope.as_str());
            for role in Role::ALL {
                out.push_str(if permissions.iter().all(|p| role.allows(*p)) { " ✓ |" } else { " — |" });
            }
            out.push('\n');
        }
    }
}
