/** The help text, shown on --help and after every usage error. */
export const USAGE = `Usage: approval-router <command> [options]

Commands:
  validate <policy.(json|yaml)>
      Check a routing policy. Exit 0 when valid; otherwise exit 1 and list every error with its path.
  simulate --policy <file> --request <request.json> [--directory <directory.json>]
      Build the plan for one request and print it with its trace as JSON.
  explain --policy <file> --request <request.json> [--directory <directory.json>]
      The same as simulate, in readable text.

Files:
  request.json    {"key": "ITSM-1", "requestType": "vpn-access", "fields": {...},
                   "requester": {"accountId": "...", "employmentType": "contractor", ...},
                   "assigneeAccountId": "...", "now": "2026-03-01T09:00:00Z"}
  directory.json  {"groups": [{"groupId": "grp-security-approvers", "name": "security-approvers",
                   "members": ["acc-sec-1"]}]}
                  Without --directory every group is empty, so stages end in exceptions.

Exit codes: 0 success, 1 invalid policy, 2 usage or input file error.
`;
