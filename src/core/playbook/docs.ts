/**
 * The words for people about each part of the playbook format (./schema.ts): the descriptions editors show from
 * docs/playbook.v1.schema.json and the field tables of docs/playbook-format.md. Only scripts/playbook-schema.ts
 * reads this file, so the extension does not ship it. Its types follow the definition: every key of every object,
 * every standard field and every op must have its words here, and nothing else may, or the project does not compile.
 */
import type * as v from 'valibot';
import {
  FORECAST_CATEGORIES,
  LIMITS,
  type RuleOp,
  type StandardField,
  type criterionSchema,
  type labelFieldSchema,
  type linkSchema,
  type playbookObject,
  type ruleObject,
  type siteSchema,
  type siteSelectorsSchema,
  type stageSchema,
} from './schema';
import { PLAYBOOK_FORMAT } from '../types';

/** An object's own description, and one for each of its keys. */
interface ObjectWords<S extends { entries: v.ObjectEntries }> {
  description?: string;
  fields: { readonly [K in keyof S['entries']]: string };
}

export interface PlaybookWords {
  title: string;
  description: string;
  file: ObjectWords<typeof playbookObject>;
  stage: ObjectWords<typeof stageSchema>;
  criterion: ObjectWords<typeof criterionSchema>;
  link: ObjectWords<typeof linkSchema>;
  rule: ObjectWords<typeof ruleObject>;
  field: string;
  labelField: ObjectWords<typeof labelFieldSchema>;
  site: ObjectWords<typeof siteSchema>;
  siteSelectors: ObjectWords<typeof siteSelectorsSchema>;
  standardFields: Record<StandardField, string>;
  /** When a rule with the op is met, and an example rule for the docs (a test checks each one parses). */
  ops: Record<RuleOp, { met: string; example: unknown }>;
}

const thousands = (n: number) => n.toLocaleString('en-US');

export const PLAYBOOK_WORDS: PlaybookWords = {
  title: `Stagecoach playbook (${PLAYBOOK_FORMAT})`,
  description:
    "A sales team's stage playbook: the stages of a deal, what must be true to leave each stage (exit criteria), " +
    'and how CRM stages map to them. See playbook-format.md for the full contract. Stagecoach checks a few things ' +
    'this schema cannot: that dates are real calendar dates, that ids are unique, that no CRM stage is claimed by ' +
    "two stages, that a rule's op fits its field, that links parse as https addresses, and which CRMs, parts and CSS " +
    'a selectors section may name.',
  file: {
    fields: {
      format: `Always \`"${PLAYBOOK_FORMAT}"\`. Tells Stagecoach which version of this format the file uses.`,
      name: `The playbook's name, shown to reps and managers. 1–${LIMITS.name} characters.`,
      revision:
        'Free text that tells versions apart, e.g. `"2026-03"` or `"Q3 update"`. Shown next to the name. ' +
        `1–${LIMITS.name} characters.`,
      stages:
        `The stages, 1–${LIMITS.stages}, in the order a deal moves through them. ` +
        'Put open stages first, then the won and lost stages.',
      sites:
        `CRMs Stagecoach has no adapter for (an in-house CRM, Close, Attio, ...), up to ${LIMITS.sites}: where their ` +
        "deal pages are and how to find a deal's name, stage, amount and close date. Usually added on the options " +
        'page, which also asks for access to each site.',
      selectors:
        "Repairs of a CRM reader's selectors, for the day a CRM changes its markup: " +
        '`{ "<CRM id>": { "<part id>": ["<CSS selector>", ...] } }`. ' +
        `Each part's selectors (1–${LIMITS.selectorsPerPart}) are tried before the reader's own. See "Repairing a CRM reader".`,
    },
  },
  stage: {
    description: 'One stage of the playbook.',
    fields: {
      id:
        `A short id: lowercase letters, digits and dashes (\`needs-analysis\`), at most ${LIMITS.id} characters, ` +
        'unique in the playbook. Keep it when you rename a stage.',
      name: `The stage name as reps know it. 1–${LIMITS.name} characters. Also used to find the stage (see below).`,
      match:
        'Other CRM stage names or API values that mean this stage, e.g. `["Prospecting", "appointmentscheduled"]`. ' +
        `Up to ${LIMITS.matchPerStage}.`,
      probability:
        'The chance of winning a deal in this stage, a number from 0 to 100 (`12.5` is fine). ' +
        'Weights the pipeline: a 10,000 deal at 40 counts 4,000.',
      forecastCategory: `One of ${FORECAST_CATEGORIES.map((c) => `\`${c}\``).join(', ')}.`,
      outcome:
        '`open` for stages a deal works through, `won` or `lost` for the closed stages. ' +
        'Won and lost deals are left out of the pipeline view.',
      staleAfterDays:
        `A whole number from 1 to ${LIMITS.staleAfterDays}. A deal that has been in this stage for **more** than ` +
        'this many days is flagged as stale. Without it, deals in this stage are never flagged stale.',
      guidance:
        'What to do in this stage, in plain words, shown above the checklist. ' +
        `Up to ${thousands(LIMITS.text)} characters.`,
      criteria:
        `The exit criteria, up to ${LIMITS.criteriaPerStage}. Keep them to the 3–6 that matter: ` +
        'long lists get ticked without reading.',
    },
  },
  criterion: {
    description: "One exit criterion: ticked by the rep, or decided by a rule on the deal's fields.",
    fields: {
      id:
        'Lowercase letters, digits and dashes, unique within its stage. ' +
        "Reps' ticks are stored under it: keep it when you reword the label.",
      label:
        `The criterion as the rep reads it, 1–${LIMITS.label} characters. Write it as a fact on the buyer's side: ` +
        '"Economic buyer named", not "Ask about budget".',
      required:
        'A deal is **ready to advance** when every required criterion of its stage is met. Optional criteria ' +
        'are shown but do not count. A stage with no required criteria is always ready.',
      help: `What counts as met, up to ${thousands(LIMITS.text)} characters.`,
      links:
        `Up to ${LIMITS.linksPerCriterion} links, each \`{ "title": "...", "url": "https://..." }\`. ` +
        'Only `https://` addresses are allowed.',
      rule:
        "Makes the criterion automatic: it is decided from the deal's fields every time the page changes, and " +
        'cannot be ticked by hand.',
    },
  },
  link: {
    fields: {
      title: 'The link text.',
      url: 'A full https:// address.',
    },
  },
  rule: {
    description: "Decides the criterion from the deal's fields; a rule criterion cannot be ticked by hand.",
    fields: {
      field: 'The deal field the rule looks at.',
      op: 'How the field is compared.',
      value: 'What the op compares with; its form depends on op.',
    },
  },
  field: 'The deal field a rule looks at: a standard field, or a detail field by the label the page shows.',
  labelField: {
    fields: {
      label: "The field's label as the deal page shows it (case and surrounding spaces do not matter).",
    },
  },
  site: {
    description: "A CRM Stagecoach has no adapter for, added by configuration. Stagecoach runs on its pages only once you allowed it to.",
    fields: {
      id:
        'A short id: lowercase letters, digits and dashes, unique among the sites. Deals on the site are stored ' +
        'under it: keep it when you rename the site.',
      name: `The site's name as reps know it, e.g. \`"Acme CRM"\`. 1–${LIMITS.name} characters.`,
      dealPages:
        "The address of the site's deal pages with `*` where the deal's id is, e.g. " +
        '`"https://crm.example.com/deals/*"`. https only; the host is one site or `*.` and a domain ' +
        "(`*.example.com`); each `*` stands for one part of the path between slashes. What the `*`s stand for is " +
        "the deal's id: `/deals/42` and `/deals/42/notes` are the same deal.",
      locale:
        'How the site writes amounts and dates, as a language tag (`"en-US"`, `"de-DE"`). Without it, the ' +
        "page's own `lang`, else `en-US`.",
      selectors: "CSS selectors that find the deal's parts on its page.",
    },
  },
  siteSelectors: {
    description: "CSS selectors for a configured site's deal parts. The first shown element a selector finds is read.",
    fields: {
      name: "The deal's name, e.g. `\"h1\"`.",
      stage:
        "The deal's stage. The element's text is the stage; when it holds more (`Stage: Proposal`), the playbook " +
        'stage name or match name it contains is taken.',
      amount: "The deal's amount, read with its currency the way the site's locale writes numbers.",
      closeDate: "The deal's close date, read the way the site's locale writes dates.",
    },
  },
  standardFields: {
    name: 'The deal name.',
    stage: 'The deal stage (compared with both its label and its API value).',
    amount: 'The deal amount (a number; its currency is shown in reasons).',
    closeDate: 'The expected close date.',
    probability: "The deal's own probability, 0–100, as the CRM shows it.",
    nextStep: 'The next step text.',
    owner: "The deal owner's name.",
    forecastCategory: 'The forecast category as the CRM shows it, e.g. "Best Case".',
  },
  ops: {
    present: { met: 'has a value', example: { field: 'amount', op: 'present' } },
    absent: { met: 'is empty', example: { field: { label: 'Loss Reason' }, op: 'absent' } },
    equals: { met: 'equals the value', example: { field: 'forecastCategory', op: 'equals', value: 'Commit' } },
    notEquals: { met: 'is empty or differs', example: { field: 'owner', op: 'notEquals', value: 'Integration User' } },
    contains: { met: 'contains the text', example: { field: 'nextStep', op: 'contains', value: 'CFO' } },
    oneOf: {
      met: 'equals any of the values',
      example: { field: 'forecastCategory', op: 'oneOf', value: ['Commit', 'Best Case'] },
    },
    gt: { met: 'is more than the value', example: { field: 'amount', op: 'gt', value: 0 } },
    gte: { met: 'is at least the value', example: { field: 'probability', op: 'gte', value: 50 } },
    lt: { met: 'is less than the value', example: { field: { label: 'Discount %' }, op: 'lt', value: 20 } },
    lte: { met: 'is at most the value', example: { field: { label: 'Seats' }, op: 'lte', value: 500 } },
    before: { met: 'is a date before the value', example: { field: 'closeDate', op: 'before', value: 'today+31' } },
    after: { met: 'is a date after the value', example: { field: 'closeDate', op: 'after', value: 'today' } },
  },
};
