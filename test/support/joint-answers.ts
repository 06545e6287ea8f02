// One definition for the demo history and the tests.
export { JOINT, jointAnswers } from '../../apps/api/src/demo/joint-answers';
