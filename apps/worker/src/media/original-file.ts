export { localOriginal } from '@phoenix4ge/shared/node';
