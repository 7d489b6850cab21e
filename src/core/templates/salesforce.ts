/**
 * Salesforce's default opportunity stages, as a fresh org ships them (object OpportunityStage): their names, which are
 * also their API values (the Path's `data-name`), default probabilities and forecast categories, in sort order.
 * Pipeline up to Id. Decision Makers, Best Case for Perception Analysis and Proposal/Price Quote, Commit for
 * Negotiation/Review, Closed for Closed Won, Omitted for Closed Lost.
 *
 * Zoho CRM's default stages are most of these under the same names, so the work each stage asks for is written once
 * here (STAGE_WORK) and Zoho's template uses it too.
 */
import type { PlaybookTemplate } from './index';
import {
  amountEntered,
  closeDateAhead,
  criterion,
  lostStage,
  nextStepSet,
  openStage,
  playbook,
  wonStage,
} from './build';
import type { Criterion } from '../types';

/** What a stage asks of the rep, written in the CRM's own name for the close date field. */
interface StageWork {
  guidance: string;
  criteria: Criterion[];
}

const futureCloseDate = (closeDateField: string): Criterion =>
  closeDateAhead(
    `${closeDateField} is in the future`,
    "A close date in the past hides a slipped deal. Move it to the buyer's real date and say why in the next step.",
  );

/** Each default stage's guidance and exit criteria, by what the stage means; `closeDateField` as the CRM names it. */
export const STAGE_WORK = {
  qualification: (closeDateField: string): StageWork => ({
    guidance:
      'Decide with the buyer whether this is worth both sides’ time: a problem we solve, money that can be found, and someone who decides.',
    criteria: [
      criterion(
        'problem-confirmed',
        'Buyer confirmed they have a problem we solve',
        'In their words, not ours. "We lose two days a month reconciling invoices" is a problem; "interested in automation" is not.',
      ),
      criterion(
        'budget-acknowledged',
        'Buyer said money can be found for this',
        'They do not need an approved budget yet, but they said a purchase of this size is possible.',
      ),
      criterion(
        'decision-maker-known',
        'Buyer told us who makes the decision',
        'A name and a role. If your contact says "me", ask who else has to agree.',
      ),
      criterion(
        'timeframe-known',
        'Buyer gave a time frame for a decision',
        'When they want the problem solved, and what happens then.',
        { required: false },
      ),
      futureCloseDate(closeDateField),
    ],
  }),
  needsAnalysis: (): StageWork => ({
    guidance:
      'Understand the need in depth before proposing anything: who is affected, what it costs today, and what good looks like to the buyer.',
    criteria: [
      criterion(
        'needs-confirmed',
        'Buyer’s needs written down and confirmed by the buyer',
        'Send them back in writing. A need the buyer corrected is a need the buyer owns.',
      ),
      criterion(
        'cost-of-problem',
        'Buyer put a number on what the problem costs',
        'Hours, money, risk or lost revenue, as the buyer counts it. It becomes the business case later.',
      ),
      criterion(
        'people-affected-met',
        'Met the people the problem affects, beyond the first contact',
        'The people who live with the problem every day will be asked for their opinion before anyone signs.',
      ),
      amountEntered('Amount entered', 'A rough number is fine now; it firms up with the quote.'),
    ],
  }),
  valueProposition: (closeDateField: string): StageWork => ({
    guidance:
      'Show how the solution meets the needs the buyer confirmed, in the buyer’s own numbers, and hear them say it fits.',
    criteria: [
      criterion(
        'solution-presented',
        'Solution presented against the needs the buyer confirmed',
        'Every need they wrote down, and how it is met. Leave out features that answer no need.',
      ),
      criterion(
        'value-agreed',
        'Buyer agreed the value case in their own numbers',
        'The cost of the problem next to what solving it is worth, and the buyer did not dispute the numbers.',
      ),
      criterion(
        'technical-fit',
        'Buyer’s technical evaluator confirmed the fit',
        'Someone on their side who will run it said it works for them, not only our engineer.',
      ),
      futureCloseDate(closeDateField),
    ],
  }),
  decisionMakers: (): StageWork => ({
    guidance:
      'Find everyone who must say yes and how they will decide. A deal with one contact is a deal at risk.',
    criteria: [
      criterion(
        'approvers-named',
        'Everyone who must approve the purchase is named',
        'Business, technical, finance, procurement, legal: ask "who else has to agree before you can sign?"',
      ),
      criterion(
        'economic-buyer-met',
        'Met the person who signs off on the spend',
        'In a meeting, not only copied on an email. They heard the value case from us.',
      ),
      criterion(
        'decision-process-mapped',
        'Decision process mapped with the buyer: steps, approvers and dates',
        'Written down and shared back, so the buyer can correct it.',
      ),
      criterion(
        'champion',
        'A champion inside the buyer is selling for us',
        'Someone with influence who wants this to succeed and tells us what happens when we are not in the room.',
        { required: false },
      ),
    ],
  }),
  proposal: (): StageWork => ({
    guidance:
      'Send a proposal that restates the buyer’s needs and value before the price, then walk the person who signs through it.',
    criteria: [
      criterion('quote-delivered', 'Quote delivered to the buyer', 'Keep the amount on the deal in line with the quote.'),
      criterion(
        'proposal-reviewed',
        'Proposal walked through with the person who signs',
        'In a meeting, so questions about price come to you and not to a competitor.',
      ),
      criterion(
        'paper-process-known',
        'Buyer’s procurement, legal and security steps known',
        'Which reviews a purchase like this needs and how long each takes: the usual reason deals slip.',
      ),
      amountEntered('Amount matches the quote', 'The forecast is built on this number.'),
    ],
  }),
  negotiation: (closeDateField: string): StageWork => ({
    guidance:
      'Settle terms with the people who can agree them, then legal and security. Keep the close date honest.',
    criteria: [
      criterion('terms-agreed', 'Price and terms agreed with the buyer', 'Price, term, payment and scope, agreed in writing.'),
      criterion(
        'reviews-done',
        'Buyer’s legal and security reviews finished',
        'No open comments from their legal, security or procurement review.',
      ),
      criterion(
        'signer-confirmed',
        'Signer and signature date confirmed by the buyer',
        'Who signs, in which tool, and on what day; whether a purchase order must come first.',
      ),
      futureCloseDate(closeDateField),
    ],
  }),
  won: (): StageWork => ({
    guidance: 'Thank the buyer, then hand the deal to onboarding with the needs, the value case and the people you met.',
    criteria: [
      criterion(
        'handover',
        'Handover to onboarding done',
        'Share the needs, the value case and the contacts so the customer does not have to repeat themselves.',
        { required: false },
      ),
    ],
  }),
  lost: (): StageWork => ({
    guidance: 'Record why the deal was lost, in the buyer’s words if you can, and ask whether a later conversation makes sense.',
    criteria: [
      criterion(
        'loss-reason',
        'Loss reason recorded',
        'Lost to whom or to what (including "no decision"), and why, as the buyer put it.',
      ),
    ],
  }),
};

const CLOSE_DATE = 'Close Date';

export const SALESFORCE_TEMPLATE: PlaybookTemplate = {
  id: 'salesforce',
  name: 'Salesforce default stages',
  summary:
    'The ten opportunity stages a new Salesforce org ships with, with Salesforce’s default probabilities and forecast categories.',
  sources: [
    'https://developer.salesforce.com/docs/platform/object-reference/references/standard-objects/object-opportunitystage.html',
  ],
  playbook: playbook('Salesforce default stages', [
    openStage({
      id: 'prospecting',
      name: 'Prospecting',
      probability: 10,
      forecastCategory: 'pipeline',
      guidance: 'Earn a first conversation with the right person. Research the account before you reach out, and book the meeting before you hang up.',
      criteria: [
        criterion(
          'meeting-accepted',
          'Contact at the account accepted a first meeting',
          'A named person agreed to talk, not only opened an email.',
        ),
        criterion(
          'reason-to-talk',
          'Buyer named a reason to talk now',
          'A trigger in their words: a new leader, a failed project, growth, a contract coming up for renewal.',
        ),
        nextStepSet('First meeting and its date in Next Step', 'Write the meeting and its date in Next Step.'),
      ],
    }),
    openStage({
      id: 'qualification',
      name: 'Qualification',
      probability: 10,
      forecastCategory: 'pipeline',
      ...STAGE_WORK.qualification(CLOSE_DATE),
    }),
    openStage({
      id: 'needs-analysis',
      name: 'Needs Analysis',
      probability: 20,
      forecastCategory: 'pipeline',
      ...STAGE_WORK.needsAnalysis(),
    }),
    openStage({
      id: 'value-proposition',
      name: 'Value Proposition',
      probability: 50,
      forecastCategory: 'pipeline',
      ...STAGE_WORK.valueProposition(CLOSE_DATE),
    }),
    openStage({
      id: 'id-decision-makers',
      name: 'Id. Decision Makers',
      probability: 60,
      forecastCategory: 'pipeline',
      ...STAGE_WORK.decisionMakers(),
    }),
    openStage({
      id: 'perception-analysis',
      name: 'Perception Analysis',
      probability: 70,
      forecastCategory: 'best_case',
      guidance:
        'Find out how each decision maker sees us next to the alternatives before you price. Doubts fixed now do not come back in negotiation.',
      criteria: [
        criterion(
          'perception-known',
          'Each decision maker’s view of our solution is known',
          'Ask them directly, or through your champion: what do they like, what worries them?',
        ),
        criterion(
          'concerns-answered',
          'Concerns the decision makers raised are answered',
          'Each concern answered to the person who raised it, and they said the answer is enough.',
        ),
        criterion(
          'alternatives-known',
          'Alternatives the buyer is weighing are known, including doing nothing',
          'Most lost deals are lost to no decision. Name what the buyer would do instead of buying.',
        ),
        futureCloseDate(CLOSE_DATE),
      ],
    }),
    openStage({
      id: 'proposal-price-quote',
      name: 'Proposal/Price Quote',
      probability: 75,
      forecastCategory: 'best_case',
      ...STAGE_WORK.proposal(),
    }),
    openStage({
      id: 'negotiation-review',
      name: 'Negotiation/Review',
      probability: 90,
      forecastCategory: 'commit',
      ...STAGE_WORK.negotiation(CLOSE_DATE),
    }),
    wonStage({ id: 'closed-won', name: 'Closed Won', ...STAGE_WORK.won() }),
    lostStage({ id: 'closed-lost', name: 'Closed Lost', ...STAGE_WORK.lost() }),
  ]),
};
