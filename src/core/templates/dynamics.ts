/**
 * Dynamics 365 Sales' default business process flow for opportunities, the "Opportunity Sales Process": Qualify,
 * Develop, Propose, Close. Each stage also matches its stage id, the GUID the process bar carries in every language
 * (the reader reports it as the stage's value), so a translated Dynamics finds its stages too. The GUIDs and each
 * stage's steps are Microsoft's, from the getActivePath sample run on that process; the criteria ask for what those
 * steps record, as facts on the buyer's side.
 *
 * Probabilities: Dynamics sets no probability per stage (Probability is a field of each opportunity), so each stage
 * takes the probability of the built-in playbook's stage it means (see src/core/default-playbook.ts): Qualify 20%
 * (Qualification), Develop 40% (Solution Validation), Propose 60% (Proposal), Close 80% (Negotiation). Forecast
 * categories follow from those by the bands Salesforce's defaults follow (forecastByProbability); Dynamics' own
 * forecast category is set per opportunity, too. A closed opportunity leaves the process: its status, Won or Lost,
 * is what the reader reports then, and the Won and Lost stages carry those names.
 */
import type { PlaybookTemplate } from './index';
import {
  amountEntered,
  closeDateAhead,
  criterion,
  forecastByProbability,
  lostStage,
  openStage,
  playbook,
  wonStage,
} from './build';

/** A new object each time: a template is plain data an editor may change in place. */
const closeDateInFuture = () =>
  closeDateAhead(
    'Est. Close Date is in the future',
    "A close date in the past hides a slipped deal. Move it to the buyer's real date and say why in the description.",
  );

export const DYNAMICS_TEMPLATE: PlaybookTemplate = {
  id: 'dynamics',
  name: 'Dynamics 365 Opportunity Sales Process',
  summary:
    'The four stages of Dynamics 365 Sales’ default opportunity process, with criteria from its steps, probabilities rising through it and forecast categories set by probability.',
  sources: [
    'https://learn.microsoft.com/en-us/training/modules/power-automate-architecture/6-business-process-flows',
    'https://learn.microsoft.com/en-us/power-apps/developer/model-driven-apps/clientapi/reference/formcontext-data-process/activepath/getactivepath',
  ],
  playbook: playbook('Dynamics 365 Opportunity Sales Process', [
    openStage({
      id: 'qualify',
      name: 'Qualify',
      match: ['6b9ce798-221a-4260-90b2-2a95ed51a5bc'],
      probability: 20,
      forecastCategory: forecastByProbability(20),
      guidance: 'Learn who is buying, how much they can spend, by when, and how they buy. Capture a short summary for everyone who joins the deal later.',
      criteria: [
        criterion(
          'contact-and-account',
          'Buyer’s contact and account are on the opportunity',
          'The person you talk to and their company, linked on the opportunity (Identify Contact, Identify Account).',
        ),
        criterion(
          'budget-estimated',
          'Buyer shared an estimated budget',
          'A range the buyer gave, not our guess (Estimated Budget).',
        ),
        criterion(
          'purchase-timeframe',
          'Buyer’s purchase time frame is known',
          'When they intend to buy, in their words (Purchase Timeframe).',
        ),
        criterion(
          'purchase-process',
          'Purchase process and decision maker identified',
          'How the buyer purchases (one person or a committee) and who decides (Purchase Process, Identify Decision Maker).',
        ),
        amountEntered('Est. Revenue entered', 'A rough number is fine now; it firms up with the proposal.'),
      ],
    }),
    openStage({
      id: 'develop',
      name: 'Develop',
      match: ['650e06b4-789b-46c1-822b-0da76bedb1ed'],
      probability: 40,
      forecastCategory: forecastByProbability(40),
      guidance: 'Understand the buyer’s need and shape the solution with them. Know everyone with a stake, and who else they are talking to.',
      criteria: [
        criterion(
          'customer-need',
          'Customer need written down and confirmed by the buyer',
          'Send it back in writing; a need the buyer corrected is a need the buyer owns (Customer Need).',
        ),
        criterion(
          'proposed-solution',
          'Proposed solution agreed with the buyer',
          'The buyer said the solution you outlined addresses their need (Proposed Solution).',
        ),
        criterion(
          'stakeholders',
          'Stakeholders on the buyer’s side identified',
          'Everyone who uses, approves or pays, by name and role (Identify Stakeholders).',
        ),
        criterion(
          'competitors',
          'Competitors known, including doing nothing',
          'What else the buyer is considering (Identify Competitors). Most lost deals are lost to no decision.',
          { required: false },
        ),
        closeDateInFuture(),
      ],
    }),
    openStage({
      id: 'propose',
      name: 'Propose',
      match: ['d3ca8878-8d7b-47b9-852d-fcd838790cfd'],
      probability: 60,
      forecastCategory: forecastByProbability(60),
      guidance: 'Put the right people on the deal, review the proposal internally, then present it to the buyer.',
      criteria: [
        criterion(
          'sales-team',
          'Our team for the deal is named',
          'Who on our side works the deal: solution expert, manager, legal (Identify Sales Team).',
          { required: false },
        ),
        criterion(
          'proposal-presented',
          'Proposal presented to the buyer',
          'In a meeting with the decision maker, after our internal review (Develop Proposal, Complete Internal Review, Present Proposal).',
        ),
        criterion(
          'proposal-feedback',
          'Buyer’s feedback on the proposal recorded',
          'What they liked, what they want changed, and what would stop them from going ahead.',
        ),
        amountEntered('Est. Revenue matches the proposal', 'The forecast is built on this number.'),
      ],
    }),
    openStage({
      id: 'close',
      name: 'Close',
      match: ['bb7e830a-61bd-441b-b1fd-6bb104ffa027'],
      probability: 80,
      forecastCategory: forecastByProbability(80),
      guidance: 'Present the final proposal, confirm the decision date with the buyer, and keep the close date honest.',
      criteria: [
        criterion(
          'final-proposal',
          'Final proposal presented to the buyer',
          'The version the buyer will sign, with their requested changes (Complete Final Proposal, Present Final Proposal).',
        ),
        criterion(
          'decision-date',
          'Decision date confirmed by the buyer',
          'The day the buyer will decide, from them (Confirm Decision Date).',
        ),
        closeDateInFuture(),
      ],
    }),
    wonStage({
      id: 'won',
      name: 'Won',
      guidance: 'Send a thank-you note and file a debrief: what won the deal, for the next one.',
      criteria: [
        criterion(
          'debrief',
          'Thank-you sent and debrief filed',
          'What won the deal and who helped, for the team and for onboarding (Send Thank You, File De-brief).',
          { required: false },
        ),
      ],
    }),
    lostStage({
      id: 'lost',
      name: 'Lost',
      guidance: 'Record why the deal was lost, in the buyer’s words if you can, and ask whether a later conversation makes sense.',
      criteria: [
        criterion(
          'loss-reason',
          'Loss reason recorded',
          'Lost to whom or to what (including "no decision"), and why, as the buyer put it.',
        ),
      ],
    }),
  ]),
};
