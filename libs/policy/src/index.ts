// Rules as data: versioned, effective-dated policy files and the GB/T 2260 divisions they are keyed by.
export type {
  CompleteRuleTree,
  LeaveByChildOrder,
  NumberFormat,
  PartialRuleTree,
  Period,
  PolicyDeliveryMode,
  PolicyGroup,
  PolicyInsuredCategory,
  PolicySource,
  PolicyValues,
  PolicyVersionDocument,
  RulePath,
  SettlementRule,
  SourcedValue,
  WageBaseRule,
} from './policy-document';
export { PolicyStore, PolicyLookupError, PolicyVersionConflictError } from './policy-store';
export type { AddResult, PolicyLevel, PolicyLookupErrorCode, Provenance, ResolvedRules, VersionSummary } from './policy-store';
export { PolicyFileError, parsePolicyDocument, validatePolicyDocument } from './validate-policy-document';
export type { PolicyProblem } from './validate-policy-document';
export { REPOSITORY_POLICY_DIRECTORY, loadPolicyDirectory, rulesFor } from './repository-versions';
export { maternityLeaveDays, leaveDaysForChildOrder } from './maternity-leave';
export type { MaternityLeaveDays } from './maternity-leave';
// GB/T 2260 divisions: isKnownCounty, levelOf, prefectureOf, provinceOf, nameOf, provinces, ...
export * from './regions/administrative-divisions';
