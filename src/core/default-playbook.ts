/**
 * The built-in B2B playbook, used until a team sets its own. Stages and criteria follow GitLab's public opportunity
 * stages, MEDDPICC, SPICED and BANT (see DEFAULT_PLAYBOOK_SOURCES); criteria are written as buyer-side facts and
 * kept to 3-6 per stage, because long lists get gamed with "N/A".
 *
 * `match` maps the default stages of the common CRMs so the playbook works on a fresh CRM unchanged. Each CRM stage
 * name belongs to exactly one stage (a test enforces it). The mapping follows what the CRM stage means and its
 * default probability and forecast category:
 *
 * - Discovery: Salesforce Prospecting; HubSpot Appointment Scheduled (appointmentscheduled);
 *   Pipedrive Qualified, Contact Made.
 * - Qualification: Salesforce and Zoho Qualification, Needs Analysis; HubSpot Qualified To Buy (qualifiedtobuy);
 *   Dynamics Qualify.
 * - Solution Validation: Salesforce Value Proposition, Id. Decision Makers; Zoho Value Proposition, Identify Decision
 *   Makers; HubSpot Presentation Scheduled (presentationscheduled); Pipedrive Demo Scheduled; Dynamics Develop.
 * - Proposal: Salesforce Perception Analysis, Proposal/Price Quote; Zoho Proposal/Price Quote; Pipedrive Proposal
 *   Made; Dynamics Propose.
 * - Negotiation: Salesforce and Zoho Negotiation/Review; HubSpot Decision Maker Bought-In (decisionmakerboughtin);
 *   Pipedrive Negotiations Started; Dynamics Close.
 * - Awaiting Signature: HubSpot Contract Sent (contractsent).
 * - Closed Won: Closed Won everywhere, HubSpot closedwon, and Won (the status Pipedrive and Dynamics show).
 * - Closed Lost: Closed Lost everywhere, HubSpot closedlost, Zoho Closed Lost to Competition, and Lost.
 *
 * Choices worth knowing: Pipedrive's "Qualified" is its first stage (a qualified lead), so it means Discovery, not
 * Qualification. Salesforce's Perception Analysis is Best Case there, like our Proposal. HubSpot's "Decision Maker
 * Bought-In" (80%) leaves only terms to settle, hence Negotiation; its "Contract Sent" (90%) is Awaiting Signature.
 * Dynamics' last business-process stage "Close" covers final terms, hence Negotiation.
 */
import { PLAYBOOK_FORMAT, type Criterion, type Link, type Playbook } from './types';

const GITLAB_STAGES: Link = {
  title: 'GitLab handbook: opportunity stages',
  url: 'https://handbook.gitlab.com/handbook/sales/field-operations/gtm-resources/',
};

/** Public sources the default playbook and its CRM mapping are built from, for docs and the options page. */
export const DEFAULT_PLAYBOOK_SOURCES: readonly Link[] = [
  GITLAB_STAGES,
  {
    title: 'Salesforce: OpportunityStage (default stages, probabilities, forecast categories)',
    url: 'https://developer.salesforce.com/docs/platform/object-reference/references/standard-objects/object-opportunitystage.html',
  },
  { title: 'HubSpot: rules for deal pipelines', url: 'https://knowledge.hubspot.com/object-settings/set-up-rules-for-deal-pipelines' },
  { title: 'HubSpot default deal stages', url: 'https://hublead.io/blog/hubspot-deal-stages' },
  { title: 'Pipedrive: probability', url: 'https://support.pipedrive.com/en/article/probability-in-pipedrive' },
  {
    title: 'Pipedrive: the rotting feature',
    url: 'https://support.pipedrive.com/hc/no/articles/206760949-The-Rotting-Feature',
  },
  {
    title: 'Microsoft Learn: business process flows',
    url: 'https://learn.microsoft.com/en-us/training/modules/power-automate-architecture/6-business-process-flows',
  },
  {
    title: 'Zoho CRM: deal stage and probability mapping',
    url: 'https://help.zoho.com/portal/en/community/topic/updates-in-deal-stage-and-stage-probability-mapping',
  },
];

/** Rule criteria reused across stages: decided by the deal's own fields, never ticked. */
const amountEntered = (label = 'Amount entered on the deal'): Criterion => ({
  id: 'amount',
  label,
  required: true,
  help: 'A rough number is fine early on; it firms up with the quote.',
  links: [],
  rule: { field: 'amount', op: 'gt', value: 0 },
});

const closeDateAhead = (label = 'Close date is in the future'): Criterion => ({
  id: 'close-date',
  label,
  required: true,
  help: "A close date in the past hides a slipped deal. Move it to the buyer's real date and say why in the next step.",
  links: [],
  rule: { field: 'closeDate', op: 'after', value: 'today' },
});

export const DEFAULT_PLAYBOOK: Playbook = {
  format: PLAYBOOK_FORMAT,
  name: 'Stagecoach B2B playbook',
  revision: '2026.1',
  stages: [
    {
      id: 'discovery',
      name: 'Discovery',
      match: ['Prospecting', 'Appointment Scheduled', 'appointmentscheduled', 'Qualified', 'Contact Made'],
      probability: 10,
      forecastCategory: 'pipeline',
      outcome: 'open',
      staleAfterDays: 21,
      guidance:
        'Hold the first meeting and listen for the pain in the buyer\'s words. Send a short recap the same day and book the next meeting before you hang up.',
      criteria: [
        {
          id: 'meeting-held',
          label: 'First meeting held and the buyer agrees there is a fit',
          required: true,
          help: 'The buyer, not only us, said this is worth a second conversation.',
          links: [],
        },
        {
          id: 'pain',
          label: "Pain stated in the buyer's own words",
          required: true,
          help: 'Write down what they said, as they said it. "Reporting takes our team three days a month" beats "needs efficiency".',
          links: [GITLAB_STAGES],
        },
        {
          id: 'recap-sent',
          label: 'Buyer has a written recap of the meeting',
          required: false,
          help: 'A recap the buyer can forward is how the deal reaches people you have not met yet.',
          links: [],
        },
        {
          id: 'next-step',
          label: 'Next meeting booked with the buyer',
          required: true,
          help: 'Write the meeting and its date in Next step.',
          links: [],
          rule: { field: 'nextStep', op: 'present' },
        },
        amountEntered('Rough amount entered'),
      ],
    },
    {
      id: 'qualification',
      name: 'Qualification',
      match: ['Needs Analysis', 'Qualified To Buy', 'qualifiedtobuy', 'Qualify'],
      probability: 20,
      forecastCategory: 'pipeline',
      outcome: 'open',
      staleAfterDays: 21,
      guidance:
        'Find out why now and who decides. Ask what happens if nothing changes, who signs, and who inside wants this to succeed.',
      criteria: [
        {
          id: 'spiced',
          label: 'Situation, pain, impact and critical event captured',
          required: true,
          help: 'The critical event is the date the buyer must have this by, and why (a renewal, a launch, an audit).',
          links: [],
        },
        {
          id: 'budget-timing',
          label: 'Buyer acknowledged budget and timing',
          required: true,
          help: 'They do not need a signed budget yet, but they said money can be found in this time frame.',
          links: [],
        },
        {
          id: 'champion-buyer',
          label: 'Champion and economic buyer named',
          required: true,
          help: 'The champion sells for us when we are not in the room; the economic buyer can say yes to the spend.',
          links: [],
        },
        {
          id: 'competition',
          label: 'Alternatives listed, including "do nothing"',
          required: false,
          help: 'Most lost deals are lost to no decision. Name what the buyer would do instead of buying.',
          links: [],
        },
        amountEntered(),
        closeDateAhead(),
      ],
    },
    {
      id: 'solution-validation',
      name: 'Solution Validation',
      match: [
        'Value Proposition',
        'Id. Decision Makers',
        'Identify Decision Makers',
        'Presentation Scheduled',
        'presentationscheduled',
        'Demo Scheduled',
        'Develop',
      ],
      probability: 40,
      forecastCategory: 'pipeline',
      outcome: 'open',
      staleAfterDays: 21,
      guidance:
        'Agree with the buyer how they will decide and how they will know the evaluation succeeded. Then prove the fit against exactly that.',
      criteria: [
        {
          id: 'decision-criteria',
          label: "Buyer's decision criteria written down",
          required: true,
          help: 'What they will compare options on, in their words. Share it back so they can correct it.',
          links: [],
        },
        {
          id: 'decision-process',
          label: 'Decision process mapped: steps, approvers and dates',
          required: true,
          help: 'Who has to say yes after the champion, in what order, and when they meet.',
          links: [GITLAB_STAGES],
        },
        {
          id: 'success-criteria',
          label: 'Success criteria of the evaluation agreed with the buyer',
          required: true,
          help: 'How the buyer will judge the demo or trial a success, agreed before it starts.',
          links: [],
        },
        {
          id: 'technical-fit',
          label: 'Buyer confirmed the technical fit',
          required: true,
          help: 'Their technical evaluator said it works for them, not only our engineer.',
          links: [],
        },
        closeDateAhead(),
      ],
    },
    {
      id: 'proposal',
      name: 'Proposal',
      match: ['Perception Analysis', 'Proposal/Price Quote', 'Proposal Made', 'Propose'],
      probability: 60,
      forecastCategory: 'best_case',
      outcome: 'open',
      staleAfterDays: 14,
      guidance:
        'Walk the economic buyer through the business case, not only the price. Agree a close plan with owners and dates, and start procurement, security and legal early.',
      criteria: [
        {
          id: 'quote-delivered',
          label: 'Quote delivered to the buyer',
          required: true,
          help: 'Keep the amount on the deal in line with the quote.',
          links: [],
        },
        {
          id: 'business-case',
          label: 'Business case reviewed with the economic buyer',
          required: true,
          help: 'The person who signs has seen the cost next to the impact, in a meeting, not only by email.',
          links: [],
        },
        {
          id: 'close-plan',
          label: 'Close plan agreed with the buyer: owners and dates',
          required: true,
          help: 'Every step to signature, who owns it on their side and ours, and when.',
          links: [],
        },
        {
          id: 'paper-process',
          label: 'Paper process sequenced: procurement, security, legal',
          required: true,
          help: 'Ask which reviews a purchase like this needs and how long each takes. They are the usual reason deals slip.',
          links: [],
        },
        amountEntered('Amount matches the quote'),
      ],
    },
    {
      id: 'negotiation',
      name: 'Negotiation',
      match: ['Negotiation/Review', 'Decision Maker Bought-In', 'decisionmakerboughtin', 'Negotiations Started', 'Close'],
      probability: 80,
      forecastCategory: 'best_case',
      outcome: 'open',
      staleAfterDays: 14,
      guidance:
        "Settle business terms first, then legal and security. Keep the close date tied to the buyer's critical event, not to our quarter end.",
      criteria: [
        {
          id: 'terms-agreed',
          label: 'Business terms agreed with the buyer',
          required: true,
          help: 'Price, term, payment and scope are agreed in writing.',
          links: [],
        },
        {
          id: 'redlines-resolved',
          label: 'Legal and security redlines resolved',
          required: true,
          help: 'No open comments from their legal or security review.',
          links: [],
        },
        {
          id: 'critical-event',
          label: "Close date tied to the buyer's critical event",
          required: true,
          help: 'If the buyer misses this date, something they care about goes wrong. If nothing does, the date will slip.',
          links: [],
        },
        closeDateAhead(),
      ],
    },
    {
      id: 'awaiting-signature',
      name: 'Awaiting Signature',
      match: ['Contract Sent', 'contractsent'],
      probability: 90,
      forecastCategory: 'commit',
      outcome: 'open',
      staleAfterDays: 14,
      guidance: 'Make signing easy: know who signs, in which tool, and whether a purchase order must come first. Check in every few days.',
      criteria: [
        {
          id: 'signature-started',
          label: 'Buyer started the signature process',
          required: true,
          help: 'The contract is with the signer, not waiting in a queue on either side.',
          links: [],
        },
        {
          id: 'purchase-order',
          label: 'Purchase order requirement known',
          required: true,
          help: 'If the buyer needs a PO before signing, you know its number or the date it will be issued.',
          links: [],
        },
        closeDateAhead(),
        {
          id: 'closing-this-month',
          label: 'Close date within the next 30 days',
          required: false,
          help: 'A commit deal that closes later than a month out is usually still in negotiation.',
          links: [],
          rule: { field: 'closeDate', op: 'before', value: 'today+31' },
        },
      ],
    },
    {
      id: 'closed-won',
      name: 'Closed Won',
      match: ['closedwon', 'Won'],
      probability: 100,
      forecastCategory: 'closed',
      outcome: 'won',
      guidance: 'Thank the buyer, then hand the deal over to onboarding with the pain, the success criteria and the people you met.',
      criteria: [
        {
          id: 'handover',
          label: 'Handover to onboarding done',
          required: false,
          help: 'Share the pain, success criteria and contacts so the customer does not have to repeat themselves.',
          links: [],
        },
      ],
    },
    {
      id: 'closed-lost',
      name: 'Closed Lost',
      match: ['closedlost', 'Closed Lost to Competition', 'Lost'],
      probability: 0,
      forecastCategory: 'omitted',
      outcome: 'lost',
      guidance: 'Record why the deal was lost, in the buyer\'s words if you can. Ask whether a later conversation makes sense.',
      criteria: [
        {
          id: 'loss-reason',
          label: 'Loss reason recorded',
          required: true,
          help: 'Lost to whom or to what (including "no decision"), and why, as the buyer put it.',
          links: [],
        },
      ],
    },
  ],
};
