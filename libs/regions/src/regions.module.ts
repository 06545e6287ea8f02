import { Module } from '@nestjs/common';
import { PathwaysModule } from '@app/pathways';
import { AgreementsController } from './agreements.controller';
import { AgreementsService } from './agreements.service';

@Module({
  imports: [PathwaysModule],
  controllers: [AgreementsController],
  providers: [AgreementsService],
  exports: [AgreementsService],
})
export class RegionsModule {}
