export {
  startStandInBank,
  type PayOptions,
  type StandInBank,
  type StandInBankOptions,
  type StandInBill,
} from './server.js';
