/**
 * BANT: Budget, Authority, Need, Timing. IBM's qualification questions, asked as a deal moves rather than once: each
 * criterion is one element, named first in its label, at the stage by which it must be known, and the elements come
 * back firmer later (budget acknowledged in Qualification, the quote inside it by Proposal). Budget and timing have
 * a number and a date a rep keeps on the deal, so two criteria read them from the deal's amount and close date. The
 * stages are the built-in playbook's, so the template works on every CRM's default stages.
 */
import type { PlaybookTemplate } from './index';
import { amountEntered, builtInStage, closeDateAhead, criterion, playbook } from './build';

export const BANT_TEMPLATE: PlaybookTemplate = {
  id: 'bant',
  name: 'BANT',
  summary: 'A B2B pipeline whose exit criteria are Budget, Authority, Need and Timing, confirmed more firmly at each stage.',
  sources: [
    'https://blog.hubspot.com/sales/data-proof-that-sales-qualification-improves-close-rates',
    'https://handbook.gitlab.com/handbook/sales/field-operations/gtm-resources/',
  ],
  playbook: playbook('BANT', [
    builtInStage(
      'discovery',
      'Find out whether there is a need we meet and whether you are talking to someone who can act on it.',
      [
        criterion(
          'need-stated',
          'Need: the buyer described a need we meet',
          'In their words: what is not working and who it affects. Interest in a product is not a need.',
        ),
        criterion(
          'authority-of-contact',
          'Authority: you know whether your contact can decide',
          'Ask how purchases like this are made and who else takes part. A contact who cannot decide can still lead you to who can.',
        ),
        criterion(
          'timing-asked',
          'Timing: the buyer said when they want this solved',
          'A month or a quarter, and why then. "Someday" is an answer too: it means this is not a deal yet.',
          { required: false },
        ),
      ],
    ),
    builtInStage(
      'qualification',
      'Confirm all four: money can be found, you know who decides, the need matters to them, and there is a date.',
      [
        criterion(
          'budget-acknowledged',
          'Budget: the buyer said money can be found for this',
          'Set aside, or available if the case is good. Ask how projects like this are usually funded.',
        ),
        criterion(
          'authority-named',
          'Authority: the person who signs off is named',
          'A name and a role. If your contact says "me", ask who else has to agree.',
        ),
        criterion(
          'need-confirmed',
          'Need: the person who signs off agrees it matters',
          'Heard from them, or from your contact quoting them: a need only users feel rarely gets a budget.',
        ),
        closeDateAhead(
          'Timing: a close date in the future is on the deal',
          "The buyer's date, not the end of our quarter. A date in the past hides a slipped deal.",
        ),
        amountEntered('Budget: an amount is on the deal', 'A rough number the buyer did not reject; it firms up with the quote.'),
      ],
    ),
    builtInStage(
      'solution-validation',
      'Show the solution meets the need, to the person with authority, within the time the buyer has.',
      [
        criterion(
          'need-met',
          'Need: the buyer agrees our solution meets it',
          'They saw it work on their case, in a demo or a trial, and said so.',
        ),
        criterion(
          'authority-involved',
          'Authority: the decision maker took part in the evaluation',
          'In the demo, the trial review or a meeting of their own with us.',
        ),
        criterion(
          'timing-plan',
          'Timing: the buyer’s steps to a decision have dates',
          'Each review or meeting between now and the decision, with its date.',
        ),
      ],
    ),
    builtInStage(
      'proposal',
      'Price inside the budget the buyer named, and put it in front of the person with authority.',
      [
        criterion(
          'budget-fits',
          'Budget: the quote fits the budget the buyer named',
          'If it does not, the buyer knows by how much and how the difference could be funded.',
        ),
        criterion(
          'authority-reviewed',
          'Authority: the decision maker reviewed the proposal',
          'In a meeting, so questions about price come to you and not to a competitor.',
        ),
        amountEntered('Budget: the amount matches the quote', 'The forecast is built on this number.'),
      ],
    ),
    builtInStage(
      'negotiation',
      'Turn the budget into approved spend and the time frame into a signature date.',
      [
        criterion(
          'budget-approved',
          'Budget: the spend is approved at the agreed price',
          'Whoever approves spend of this size has approved it, not only the business owner.',
        ),
        criterion(
          'authority-agreed',
          'Authority: the decision maker agreed the terms',
          'Price, term and scope, agreed in writing by someone who can commit the buyer.',
        ),
        closeDateAhead(
          'Timing: the close date is still ahead',
          'If it passed, agree a new date with the buyer and say why it moved.',
        ),
      ],
    ),
    builtInStage(
      'awaiting-signature',
      'Make signing easy: know who signs, and when, and whether a purchase order comes first.',
      [
        criterion(
          'authority-signing',
          'Authority: the signer has the contract',
          'The contract is with the person who signs, not waiting in a queue on either side.',
        ),
        criterion(
          'timing-signature',
          'Timing: the buyer gave a signature date',
          'The day they expect to sign, and whether a purchase order must come first.',
        ),
        closeDateAhead('Timing: the close date is still ahead', 'If it passed, ask the signer what is holding it up.'),
      ],
    ),
    builtInStage(
      'closed-won',
      'Hand over the need the buyer bought for, so onboarding starts from it.',
      [
        criterion(
          'need-handed-over',
          'Need: handed to onboarding with the people who hold it',
          'What the customer needs solved, in their words, and who decided to buy.',
          { required: false },
        ),
      ],
    ),
    builtInStage(
      'closed-lost',
      'Record which of budget, authority, need or timing failed, in the buyer’s words if you can.',
      [
        criterion(
          'loss-element',
          'Loss reason recorded against BANT',
          'No budget, no one with authority, no real need, or no timing; or a competitor. And why, as the buyer put it.',
        ),
      ],
    ),
  ]),
};
